import { useQueryClient } from "@tanstack/react-query";
import { gamificationKeys } from "../../api/gamification";
import { notificationKeys } from "../../api/notifications";
import { useSession } from "../../auth/session-context";
import { userChannel } from "../../live/protocol";
import { useLiveChannel } from "../../live/use-live-channel";

/**
 * Keeps the signed-in user's notifications live: a message on their channel re-fetches the unread
 * count and lists at once; XP they earned re-fetches their progress and boards. Live messages may
 * be lost (offline, reconnecting), so every (re)subscription re-fetches too: what the server
 * stores is the truth, the socket only says when to ask.
 */
export function useLiveNotifications() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  const refreshProgress = () => void queryClient.invalidateQueries({ queryKey: gamificationKeys.all });
  useLiveChannel(user ? userChannel(user.id) : null, {
    onSubscribed: () => {
      refresh();
      refreshProgress();
    },
    onMessage: (message) => {
      if (message.type === "notification") refresh();
      else if (message.type === "progress") refreshProgress();
    },
  });
}
