import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, Link, Navigate, RouterProvider, useLocation, useParams } from "react-router";
import { session } from "./auth/session";
import { Layout } from "./Layout";
import { registerServiceWorker } from "./pwa";
import "./app.css";
import { LINK_ALIASES, NOT_FOUND, ROUTES } from "./routes";

startReactDsfr({ defaultColorScheme: "system", Link });

declare module "@codegouvfr/react-dsfr/spa" {
  interface RegisterLink {
    Link: typeof Link;
  }
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: (count, error) => count < 2 && !("problem" in error && (error as { problem: { status: number } }).problem.status < 500) },
  },
});

function Alias({ to }: { to: (params: Record<string, string | undefined>) => string }) {
  const params = useParams();
  const { hash } = useLocation();
  return <Navigate replace to={to(params) + hash} />;
}

const router = createBrowserRouter([
  ...[...ROUTES, NOT_FOUND].map((route) => ({ path: route.path, element: <Layout key={route.id} route={route} /> })),
  ...LINK_ALIASES.map((alias) => ({ path: alias.path, element: <Alias to={alias.to} /> })),
]);

void session.restore();
registerServiceWorker();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
