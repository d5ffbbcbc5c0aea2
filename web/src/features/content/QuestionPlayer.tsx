import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { useAnswerQuestion, useMyAttempts, useRevealHint, useShowSolution, type Attempt } from "../../api/learning";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { AlertCircleIcon, CheckCircleIcon, CheckIcon, EyeIcon, LockIcon, RefreshIcon, SparklesIcon, XIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import {
  buildAnswer,
  choiceLetter,
  EMPTY_DRAFT,
  formatNumber,
  formatNumericAnswer,
  isChoiceQuestion,
  type AnswerDraft,
  type AnswerKey,
  type QuestionBody,
} from "./bodies";
import { askAboutPath, wrongAnswerPrefill, type AskTarget } from "./ask-about";
import { AskPrompt } from "./AskPrompt";
import { ContentBody } from "./ContentBody";

const MAX_TIME_MS = 86_400_000;

export interface QuestionPreview {
  answerKey: AnswerKey | null;
  /** Sanitised HTML. */
  explanation: string;
}

export interface QuestionPlayerProps {
  /** The item answered; answers are graded and kept by the server. */
  itemId: string;
  /** The learner's view of the question, or the full one in a reviewer's preview. */
  question: QuestionBody;
  /** A reviewer's preview: the answer key is shown and nothing is submitted. */
  preview?: QuestionPreview;
  /** A learner's page: offer to ask the forum, with the wrong answer filled in after one. */
  ask?: AskTarget;
}

function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

// ---- choices --------------------------------------------------------------------------------

type ChoiceMark = "chosen-correct" | "chosen-wrong" | "missed" | null;

function choiceMark(id: string, chosen: boolean, key: AnswerKey | null): ChoiceMark {
  if (!key?.correct) return null;
  const correct = key.correct.includes(id);
  if (chosen) return correct ? "chosen-correct" : "chosen-wrong";
  return correct ? "missed" : null;
}

const MARK_STYLES: Record<Exclude<ChoiceMark, null>, string> = {
  "chosen-correct": "bg-emerald-50 ring-2 ring-emerald-500",
  "chosen-wrong": "bg-rose-50 ring-2 ring-rose-400",
  missed: "bg-white ring-2 ring-emerald-400",
};

function MarkLabel({ mark, multiple }: { mark: ChoiceMark; multiple: boolean }) {
  if (mark === "chosen-correct") {
    return (
      <span className="inline-flex shrink-0 items-center gap-1 text-xs font-semibold text-emerald-700">
        <CheckIcon size={14} /> Your answer, correct
      </span>
    );
  }
  if (mark === "chosen-wrong") {
    return (
      <span className="inline-flex shrink-0 items-center gap-1 text-xs font-semibold text-rose-700">
        <XIcon size={14} /> Your answer, incorrect
      </span>
    );
  }
  if (mark === "missed") {
    return (
      <span className="inline-flex shrink-0 items-center gap-1 text-xs font-semibold text-emerald-700">
        <CheckIcon size={14} /> {multiple ? "Also correct" : "Correct answer"}
      </span>
    );
  }
  return null;
}

interface ChoicesProps {
  question: QuestionBody;
  draft: AnswerDraft;
  onChange: (draft: AnswerDraft) => void;
  locked: boolean;
  solution: AnswerKey | null;
  describedBy: string;
  invalid: boolean;
}

function Choices({ question, draft, onChange, locked, solution, describedBy, invalid }: ChoicesProps) {
  const name = useId();
  const multiple = question.type === "multiple_choice";
  return (
    <fieldset disabled={locked} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="min-w-0">
      <legend className="mb-3 text-sm font-medium text-slate-700">{multiple ? "Choose all that apply" : "Choose one answer"}</legend>
      <div className="space-y-2.5">
        {(question.choices ?? []).map((choice, index) => {
          const chosen = multiple ? draft.choices.includes(choice.id) : draft.choice === choice.id;
          const mark = choiceMark(choice.id, chosen, solution);
          return (
            <label
              key={choice.id}
              className={cn(
                "flex items-start gap-3 rounded-xl px-4 py-3 text-[0.95rem] leading-6 ring-1 transition-colors ring-inset",
                "has-[input:focus-visible]:ring-2 has-[input:focus-visible]:ring-brand-600",
                mark
                  ? MARK_STYLES[mark]
                  : chosen
                    ? "bg-brand-50 ring-brand-300"
                    : "bg-white ring-slate-200",
                locked ? "cursor-default" : "cursor-pointer hover:bg-slate-50",
                !mark && chosen && !locked && "hover:bg-brand-50",
              )}
            >
              <input
                type={multiple ? "checkbox" : "radio"}
                name={name}
                value={choice.id}
                checked={chosen}
                onChange={(event) => {
                  if (multiple) {
                    const next = event.target.checked ? [...draft.choices, choice.id] : draft.choices.filter((id) => id !== choice.id);
                    onChange({ ...draft, choices: next });
                  } else {
                    onChange({ ...draft, choice: choice.id });
                  }
                }}
                className="mt-1 size-4 shrink-0 accent-brand-600 focus-visible:outline-none"
              />
              <span aria-hidden="true" className="mt-px w-5 shrink-0 text-sm font-semibold text-slate-400">
                {choiceLetter(index)}
              </span>
              <span className="min-w-0 flex-1 text-slate-800">
                <span className="sr-only">{choiceLetter(index)}. </span>
                {choice.text}
              </span>
              <MarkLabel mark={mark} multiple={multiple} />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

// ---- typed answers --------------------------------------------------------------------------

interface TypedAnswerProps {
  id: string;
  question: QuestionBody;
  value: string;
  onChange: (value: string) => void;
  locked: boolean;
  describedBy: string;
  invalid: boolean;
}

function TypedAnswer({ id, question, value, onChange, locked, describedBy, invalid }: TypedAnswerProps) {
  const numeric = question.type === "numeric";
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Your answer
        {numeric && question.unit ? <span className="font-normal text-slate-500"> (in {question.unit})</span> : null}
      </label>
      <div
        className={cn(
          "flex rounded-lg bg-white shadow-xs ring-1 ring-inset focus-within:ring-2",
          numeric ? "max-w-xs" : "max-w-xl",
          invalid ? "ring-rose-400 focus-within:ring-rose-500" : "ring-slate-300 focus-within:ring-brand-600",
          locked && "bg-slate-50",
        )}
      >
        <input
          id={id}
          type="text"
          inputMode={numeric ? "decimal" : "text"}
          autoComplete="off"
          autoCapitalize={numeric ? "off" : "sentences"}
          spellCheck={numeric ? false : undefined}
          maxLength={numeric ? 40 : 1000}
          value={value}
          disabled={locked}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={numeric ? "e.g. 9.81" : "Type your answer"}
          className={cn(
            "h-11 min-w-0 flex-1 rounded-lg border-0 bg-transparent px-3 text-slate-900 placeholder:text-slate-400 focus:outline-none disabled:text-slate-600 sm:text-sm/6",
            numeric && "tabular-nums",
          )}
        />
        {numeric && question.unit ? (
          <span aria-hidden="true" className="flex items-center rounded-r-lg border-l border-slate-200 bg-slate-50 px-3 text-sm text-slate-600">
            {question.unit}
          </span>
        ) : null}
      </div>
    </div>
  );
}

// ---- solutions ------------------------------------------------------------------------------

function SolutionSummary({ solution, question }: { solution: AnswerKey; question: QuestionBody }) {
  if (isChoiceQuestion(question)) {
    const ids = solution.correct ?? [];
    const correct = (question.choices ?? []).map((choice, index) => ({ choice, letter: choiceLetter(index) })).filter(({ choice }) => ids.includes(choice.id));
    return (
      <div>
        <p className="text-sm font-semibold text-slate-900">{correct.length === 1 ? "Correct answer" : "Correct answers"}</p>
        <ul className="mt-1.5 space-y-1 text-sm text-slate-700">
          {correct.map(({ choice, letter }) => (
            <li key={choice.id} className="flex gap-2">
              <span className="font-semibold text-slate-500">{letter}.</span>
              <span>{choice.text}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (question.type === "numeric") {
    const answer = solution.answer;
    if (answer == null) return null;
    return (
      <p className="text-sm text-slate-700">
        <span className="font-semibold text-slate-900">Correct answer: </span>
        <span className="tabular-nums">{formatNumericAnswer({ ...solution, answer })}</span>
      </p>
    );
  }
  const accepted = solution.accepted ?? [];
  const caseSensitive = solution.case_sensitive ?? null;
  return (
    <div>
      <p className="text-sm font-semibold text-slate-900">{accepted.length === 1 ? "Accepted answer" : "Accepted answers"}</p>
      <ul className="mt-1.5 flex flex-wrap gap-1.5">
        {accepted.map((text) => (
          <li key={text} className="rounded-md bg-white px-2 py-0.5 text-sm text-slate-800 ring-1 ring-slate-200 ring-inset">
            {text}
          </li>
        ))}
      </ul>
      {caseSensitive !== null ? (
        <p className="mt-1.5 text-xs text-slate-500">{caseSensitive ? "Capital letters must match." : "Capital letters don't matter."}</p>
      ) : null}
    </div>
  );
}

function Explanation({ html }: { html: string }) {
  if (!html.trim()) return null;
  return (
    <div>
      <p className="text-sm font-semibold text-slate-900">Explanation</p>
      <ContentBody html={html} compact className="mt-1 text-[0.95rem]" />
    </div>
  );
}

function yourAnswer(attempt: Attempt, question: QuestionBody): string | null {
  const { value, text } = attempt.answer;
  if (question.type === "numeric" && value != null) {
    return `${formatNumber(value)}${question.unit ? ` ${question.unit}` : ""}`;
  }
  if (question.type === "short_text" && text != null) return `“${text}”`;
  return null;
}

/** Help the learner asked for after a wrong answer: hints so far and, on request, the solution. */
export interface Help {
  hints: string[];
  hintsTotal: number;
  solution: AnswerKey | null;
  explanation: string | null;
}

const NO_HELP: Help = { hints: [], hintsTotal: 0, solution: null, explanation: null };

function Hints({ hints }: { hints: string[] }) {
  if (!hints.length) return null;
  return (
    <div className="rounded-xl bg-white/80 p-4 ring-1 ring-amber-200/80 ring-inset">
      <p className="flex items-center gap-1.5 text-sm font-semibold text-amber-900">
        <SparklesIcon size={16} aria-hidden="true" /> {hints.length === 1 ? "Hint" : "Hints"}
      </p>
      <ol className="mt-2 list-decimal space-y-1.5 pl-5 text-sm leading-6 text-slate-700" aria-live="polite">
        {hints.map((hint, index) => (
          <li key={index}>{hint}</li>
        ))}
      </ol>
    </div>
  );
}

interface FeedbackProps {
  attempt: Attempt;
  question: QuestionBody;
  help: Help;
  onRetry: () => void;
  onHint: () => void;
  onSolution: () => void;
  hintPending: boolean;
  solutionPending: boolean;
  helpError: unknown;
  panelRef: RefObject<HTMLElement>;
}

function Feedback({ attempt, question, help, onRetry, onHint, onSolution, hintPending, solutionPending, helpError, panelRef }: FeedbackProps) {
  const titleId = useId();
  const correct = attempt.correct;
  // A wrong answer reveals nothing by itself: the solution comes when the learner asks.
  const solution = correct ? (attempt.solution ?? null) : help.solution;
  const explanation = correct ? attempt.explanation : help.explanation;
  const given = yourAnswer(attempt, question);
  const hintsLeft = help.hintsTotal - help.hints.length;
  const solutionShown = !correct && help.solution !== null;
  let advice = "Well done.";
  if (!correct) {
    if (solutionShown) advice = "Read the worked solution, then try again in your own words.";
    else if (hintsLeft > 0) advice = "Try again, or take a hint first.";
    else advice = "Have another go, or ask for the solution.";
  }
  return (
    <section
      ref={panelRef}
      tabIndex={-1}
      aria-labelledby={titleId}
      className={cn(
        "animate-fade-in space-y-4 rounded-2xl p-5 ring-1 ring-inset focus:outline-none focus-visible:ring-2 sm:p-6",
        correct ? "bg-emerald-50/70 ring-emerald-200 focus-visible:ring-emerald-500" : "bg-rose-50/70 ring-rose-200 focus-visible:ring-rose-500",
      )}
    >
      <div className="flex items-start gap-3">
        <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-full", correct ? "bg-emerald-100 text-emerald-700" : "bg-rose-100 text-rose-700")}>
          {correct ? <CheckCircleIcon size={20} /> : <AlertCircleIcon size={20} />}
        </span>
        <div className="min-w-0">
          <h3 id={titleId} className={cn("text-base font-semibold", correct ? "text-emerald-900" : "text-rose-900")}>
            {correct ? "Correct!" : "Not quite"}
          </h3>
          <p className={cn("text-sm", correct ? "text-emerald-800" : "text-rose-800")}>
            {given ? <>You answered {given}. </> : null}
            {advice} Answered in {formatDuration(attempt.time_taken_ms)}.
          </p>
        </div>
      </div>
      {correct ? null : <Hints hints={help.hints} />}
      {solution || explanation ? (
        <div className="space-y-4 rounded-xl bg-white/80 p-4 ring-1 ring-slate-200/70 ring-inset">
          {solution ? <SolutionSummary solution={solution} question={question} /> : null}
          {explanation ? <Explanation html={explanation} /> : null}
        </div>
      ) : null}
      {helpError ? (
        <Alert tone="danger" role="alert" title="We couldn't load that">
          {errorMessage(helpError)}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant={correct ? "secondary" : "primary"} icon={<RefreshIcon size={16} />} onClick={onRetry}>
          Try again
        </Button>
        {!correct && hintsLeft > 0 && !solutionShown ? (
          <Button variant="secondary" icon={<SparklesIcon size={16} />} onClick={onHint} loading={hintPending}>
            {help.hints.length === 0 ? "Show a hint" : "Next hint"} ({help.hints.length + 1} of {help.hintsTotal})
          </Button>
        ) : null}
        {!correct && !solutionShown ? (
          <Button variant="ghost" icon={<EyeIcon size={16} />} onClick={onSolution} loading={solutionPending}>
            Show solution
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function AnswerKeyPanel({ preview, question }: { preview: QuestionPreview; question: QuestionBody }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="space-y-4 rounded-2xl border border-dashed border-amber-300 bg-amber-50/60 p-5 sm:p-6">
      <div className="flex flex-wrap items-center gap-2">
        <LockIcon size={16} className="text-amber-700" />
        <h3 id={titleId} className="text-sm font-semibold text-amber-950">
          Answer key
        </h3>
        <Badge tone="warning">Reviewers only</Badge>
      </div>
      <p className="-mt-2 text-xs text-amber-900/80">Students see this after a correct answer, or when they ask for the solution after a wrong one (hints come first, one at a time).</p>
      <div className="space-y-4 rounded-xl bg-white/80 p-4 ring-1 ring-amber-200/70 ring-inset">
        {preview.answerKey ? <SolutionSummary solution={preview.answerKey} question={question} /> : <p className="text-sm text-slate-500">No answer key in this version.</p>}
        {preview.explanation.trim() ? <Explanation html={preview.explanation} /> : <p className="text-sm text-slate-500">No explanation written.</p>}
      </div>
    </section>
  );
}

function AttemptsSummary({ attempts }: { attempts: Attempt[] | undefined }) {
  if (!attempts?.length) return null;
  const right = attempts.filter((attempt) => attempt.correct).length;
  return (
    <p className="text-sm text-slate-500">
      {attempts.length === 1 ? "1 attempt so far" : `${attempts.length} attempts so far`}
      {" · "}
      {right === 0 ? "none correct yet" : `${right} correct`}
    </p>
  );
}

/**
 * Answers one question: the right control for its type, immediate feedback from the server, and
 * as many tries as the learner likes. A wrong answer gives nothing away: the learner takes the
 * mentor's hints one at a time, tries again, or asks for the worked solution (each recorded on
 * the attempt). The time from showing the question (or from "Try again") to submitting is sent
 * with each answer.
 */
export function QuestionPlayer({ itemId, question, preview, ask }: QuestionPlayerProps) {
  const promptId = useId();
  const problemId = useId();
  const inputId = useId();
  const [draft, setDraft] = useState<AnswerDraft>(EMPTY_DRAFT);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<Attempt | null>(null);
  const [retries, setRetries] = useState(0);
  const startedAt = useRef<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const feedbackRef = useRef<HTMLElement>(null);
  const answer = useAnswerQuestion(itemId);
  const attempts = useMyAttempts(itemId, !preview);
  const revealHint = useRevealHint(itemId);
  const showSolution = useShowSolution(itemId);
  const [help, setHelp] = useState<Help>(NO_HELP);

  useEffect(() => {
    startedAt.current = performance.now();
  }, []);

  useEffect(() => {
    if (result) feedbackRef.current?.focus();
  }, [result]);

  useEffect(() => {
    if (retries > 0) formRef.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, [retries]);

  const locked = result !== null || answer.isPending;
  const choiceQuestion = isChoiceQuestion(question);
  const describedBy = [promptId, problem ? problemId : null].filter(Boolean).join(" ");

  function change(next: AnswerDraft) {
    setDraft(next);
    setProblem(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (preview || locked) return;
    const built = buildAnswer(question, draft);
    if ("problem" in built) {
      setProblem(built.problem);
      formRef.current?.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    const started = startedAt.current ?? performance.now();
    const elapsed = Math.min(MAX_TIME_MS, Math.max(0, Math.round(performance.now() - started)));
    answer.mutate(
      { answer: built.answer, time_taken_ms: elapsed },
      {
        onSuccess: (attempt) => {
          setResult(attempt);
          // Hints already revealed stay with the learner across retries.
          setHelp((current) => ({ ...current, hintsTotal: attempt.hints_total ?? current.hintsTotal }));
        },
      },
    );
  }

  function hint() {
    if (!result) return;
    showSolution.reset();
    revealHint.mutate(result.id, { onSuccess: (given) => setHelp((current) => ({ ...current, hints: given.hints, hintsTotal: given.hints_total })) });
  }

  function solve() {
    if (!result) return;
    revealHint.reset();
    showSolution.mutate(result.id, {
      onSuccess: (given) =>
        setHelp((current) => ({ ...current, hints: given.hints.length > current.hints.length ? given.hints : current.hints, solution: given.solution ?? null, explanation: given.explanation ?? null })),
    });
  }

  function retry() {
    setResult(null);
    setDraft(EMPTY_DRAFT);
    setProblem(null);
    answer.reset();
    revealHint.reset();
    showSolution.reset();
    setHelp((current) => ({ ...current, solution: null, explanation: null }));
    startedAt.current = performance.now();
    setRetries((value) => value + 1);
  }

  let solution: AnswerKey | null = null;
  if (result) solution = result.correct ? (result.solution ?? null) : help.solution;
  let controls: ReactNode;
  if (choiceQuestion) {
    controls = <Choices question={question} draft={draft} onChange={change} locked={locked} solution={solution} describedBy={describedBy} invalid={problem !== null} />;
  } else {
    controls = (
      <TypedAnswer
        id={inputId}
        question={question}
        value={question.type === "numeric" ? draft.value : draft.text}
        onChange={(value) => change(question.type === "numeric" ? { ...draft, value } : { ...draft, text: value })}
        locked={locked}
        describedBy={describedBy}
        invalid={problem !== null}
      />
    );
  }

  return (
    <div className="space-y-6">
      <div id={promptId}>
        <ContentBody html={question.prompt} className="text-slate-800" />
      </div>

      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" aria-label="Your answer">
        {controls}
        {problem ? (
          <p id={problemId} role="alert" className="flex items-start gap-1.5 text-sm text-rose-600">
            <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
            {problem}
          </p>
        ) : null}
        {answer.isError ? (
          <Alert tone="danger" role="alert" title="We couldn't check your answer">
            {errorMessage(answer.error)}
          </Alert>
        ) : null}
        {result ? null : (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 pt-1">
            {preview ? (
              <>
                <Button type="submit" disabled aria-describedby={`${promptId}-preview`}>
                  Check answer
                </Button>
                <p id={`${promptId}-preview`} className="text-sm text-slate-500">
                  Preview: answers aren't checked or recorded.
                </p>
              </>
            ) : (
              <>
                <Button type="submit" loading={answer.isPending}>
                  Check answer
                </Button>
                <AttemptsSummary attempts={attempts.data?.items} />
              </>
            )}
          </div>
        )}
      </form>

      {result ? (
        <>
          <Feedback
            attempt={result}
            question={question}
            help={help}
            onRetry={retry}
            onHint={hint}
            onSolution={solve}
            hintPending={revealHint.isPending}
            solutionPending={showSolution.isPending}
            helpError={revealHint.error ?? showSolution.error}
            panelRef={feedbackRef}
          />
          <AttemptsSummary attempts={attempts.data?.items} />
        </>
      ) : null}
      {preview ? <AnswerKeyPanel preview={preview} question={question} /> : null}
      {ask && !preview ? (
        result && !result.correct ? (
          <AskPrompt to={askAboutPath(ask, wrongAnswerPrefill(question, result.answer))}>Still unsure why? Ask in the forum: the question and your answer are filled in.</AskPrompt>
        ) : (
          <AskPrompt to={askAboutPath(ask)} />
        )
      ) : null}
    </div>
  );
}

export default QuestionPlayer;
