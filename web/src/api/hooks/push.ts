/** Data hooks of web push on this device: whether it receives notifications, turning it on or off. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { currentSubscription, pushSupported, subscribeDevice } from "../../push/device";
import { api, unwrap } from "../client";
import type { operations } from "../schema";

type SubscriptionBody = operations["notifications.add_push_subscription"]["requestBody"]["content"]["application/json"];

export type DeviceState = { supported: boolean; permission: NotificationPermission | "unsupported"; subscriptionId: string | null };

/** Whether this device is subscribed for the signed-in member: a subscription in the browser that
 * the API lists as theirs (a shared computer subscribed by someone else is not). */
export function useDevicePush(signedIn: boolean) {
  return useQuery({
    queryKey: ["push", "device", signedIn],
    queryFn: async (): Promise<DeviceState> => {
      if (!pushSupported()) return { supported: false, permission: "unsupported", subscriptionId: null };
      const permission = Notification.permission;
      const local = signedIn ? await currentSubscription() : null;
      if (!local) return { supported: true, permission, subscriptionId: null };
      const { items } = await unwrap(api.GET("/api/v1/me/push-subscriptions"));
      return { supported: true, permission, subscriptionId: items.find((item) => item.endpoint === local.endpoint)?.id ?? null };
    },
  });
}

export function useSetDevicePush() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ on, subscriptionId }: { on: boolean; subscriptionId: string | null }) => {
      if (on) {
        const { public_key } = await unwrap(api.GET("/api/v1/push/vapid-public-key"));
        const subscription = await subscribeDevice(public_key);
        await unwrap(api.POST("/api/v1/me/push-subscriptions", { body: subscription.toJSON() as SubscriptionBody }));
        return;
      }
      if (subscriptionId) {
        await unwrap(api.DELETE("/api/v1/me/push-subscriptions/{id}", { params: { path: { id: subscriptionId } } }));
      }
      await (await currentSubscription())?.unsubscribe();
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["push", "device"] }),
  });
}
