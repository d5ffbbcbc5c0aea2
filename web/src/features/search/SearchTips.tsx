const TIPS: ReadonlyArray<{ example: string; meaning: string }> = [
  { example: "kinetic energy", meaning: "finds items with both words (energies finds energy too)" },
  { example: "\"kinetic energy\"", meaning: "finds the exact phrase" },
  { example: "force or momentum", meaning: "finds either word" },
  { example: "energy -potential", meaning: "leaves out items with a word" },
];

/** How to write a query: the syntax the server understands. */
export function SearchTips({ className }: { className?: string }) {
  return (
    <dl className={className} aria-label="Search tips">
      {TIPS.map((tip) => (
        <div key={tip.example} className="flex flex-col gap-0.5 py-1.5 text-left text-sm sm:flex-row sm:items-baseline sm:gap-3">
          <dt className="shrink-0 sm:w-40">
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.8rem] text-slate-800">{tip.example}</code>
          </dt>
          <dd className="text-slate-600">{tip.meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
