/** Icons for the forum, drawn like the app's own set. */
import { icon } from "../../components/ui/icons";

export const FlagIcon = icon(
  <>
    <path d="M4 15s1-1 4-1 5 2 8 2 4-1 4-1V3s-1 1-4 1-5-2-8-2-4 1-4 1z" />
    <path d="M4 22v-7" />
  </>,
  "FlagIcon",
);
export const BellOffIcon = icon(
  <>
    <path d="M8.7 3A6 6 0 0 1 18 8a21.3 21.3 0 0 0 .6 5" />
    <path d="M17 17H3s3-2 3-9a4.67 4.67 0 0 1 .3-1.7" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    <path d="m2 2 20 20" />
  </>,
  "BellOffIcon",
);
export const ReplyIcon = icon(
  <>
    <path d="M9 17 4 12l5-5" />
    <path d="M20 18v-2a4 4 0 0 0-4-4H4" />
  </>,
  "ReplyIcon",
);
export const ChevronUpIcon = icon(<path d="m18 15-6-6-6 6" />, "ChevronUpIcon");
