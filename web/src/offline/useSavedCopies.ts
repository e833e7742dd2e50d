import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { saveBookmarkedResources } from "./save";
import { savedCopies, supported } from "./store";

/** What this device keeps for reading offline (the Cache Storage, not the API). */
export function useSavedCopies() {
  return useQuery({ queryKey: ["offline", "copies"], queryFn: savedCopies, enabled: supported(), staleTime: 0 });
}

export function useSaveNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => saveBookmarkedResources(),
    onSuccess: () => client.invalidateQueries({ queryKey: ["offline", "copies"] }),
  });
}
