import { lazy, Suspense } from "react";
import { titleParts } from "./title-text";

const Formula = lazy(() => import("../content/Formula").then((module) => ({ default: module.Formula })));

/**
 * A thread's title with its `$…$` formulas typeset (titles like "Why is the derivative of $x^2$
 * equal to $2x$?"). KaTeX loads only for titles that have one; until then the source shows.
 */
export function ThreadTitle({ title }: { title: string }) {
  const parts = titleParts(title);
  if (parts.every((part) => part.kind === "text")) return <>{title}</>;
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "text" ? (
          <span key={index}>{part.text}</span>
        ) : (
          <Suspense key={index} fallback={<span>{`$${part.text}$`}</span>}>
            <Formula latex={part.text} />
          </Suspense>
        ),
      )}
    </>
  );
}
