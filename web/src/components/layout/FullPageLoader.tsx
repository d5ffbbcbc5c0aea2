import { LogoMark } from "../ui/Logo";

export function FullPageLoader() {
  return (
    <div role="status" className="flex min-h-dvh flex-col items-center justify-center gap-4 bg-slate-50">
      <LogoMark className="size-10 animate-pulse" />
      <span className="sr-only">Loading Mentora…</span>
    </div>
  );
}
