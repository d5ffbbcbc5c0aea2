import { Editor } from "@tiptap/core";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ToastProvider } from "../../components/ui/Toaster";
import { FakeXhr, installFakeXhr } from "../../test/fake-xhr";
import { createExtensions } from "./extensions";
import { insertSnippet, latexProblem } from "./formula";
import { fileSlug, isEmptyHtml } from "./html";
import { insertBlock } from "./insert-block";
import { isAllowedHref, normaliseHref } from "./links";
import { exportMarkdown, importMarkdown } from "./markdown";
import { looksLikeMarkdown } from "./markdown-detect";
import { RichTextField } from "./RichTextField";
import { selectedSimulation } from "./simulation-node";
import { SIMULATION_HOST_MESSAGE } from "../content/simulation";

function headless(content = "") {
  return new Editor({ extensions: createExtensions(), content });
}

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
  vi.unstubAllGlobals();
});

describe("formula nodes", () => {
  it("store inline formulas as <span data-type=inline-math data-latex=…>", () => {
    editor = headless("<p>Energy</p>");
    editor.chain().focus("end").insertContent({ type: "inlineMath", attrs: { latex: "E = mc^2" } }).run();
    expect(editor.getHTML()).toBe('<p>Energy<span data-type="inline-math" data-latex="E = mc^2"></span></p>');
  });

  it("store display formulas as <div data-type=block-math data-latex=…>", () => {
    editor = headless("<p>Area:</p>");
    editor.chain().focus("end").insertContent({ type: "blockMath", attrs: { latex: "\\int_0^1 x\\,dx = \\tfrac12" } }).run();
    expect(editor.getHTML()).toContain('<div data-type="block-math" data-latex="\\int_0^1 x\\,dx = \\tfrac12"></div>');
  });

  it("read back the stored shape unchanged, escaping quotes and angle brackets", () => {
    const stored =
      '<p>If <span data-type="inline-math" data-latex="a &lt; b &amp;&amp; &quot;c&quot;"></span> then</p><div data-type="block-math" data-latex="\\frac{1}{2}"></div>';
    editor = headless(stored);
    expect(editor.getHTML()).toBe(stored);
    expect(editor.state.doc.firstChild?.child(1).attrs.latex).toBe('a < b && "c"');
  });

  it("travel through Markdown as $…$ and $$…$$", () => {
    editor = headless('<p>So <span data-type="inline-math" data-latex="x^2"></span>.</p><div data-type="block-math" data-latex="y = mx + b"></div>');
    expect(exportMarkdown(editor)).toBe("So $x^2$.\n\n$$\ny = mx + b\n$$\n");
  });
});

const PHET = "https://phet.colorado.edu/sims/html/energy-skate-park-basics/latest/energy-skate-park-basics_en.html";
const SIMULATION = `<div data-type="simulation" data-src="${PHET}" data-title="Energy Skate Park"></div>`;

describe("simulation nodes", () => {
  it("store and read back <div data-type=simulation data-src=… data-title=…> exactly", () => {
    const stored = `<p>Before</p>${SIMULATION}<p>After</p>`;
    editor = headless(stored);
    expect(editor.getHTML()).toBe(stored);
    expect(editor.state.doc.child(1).type.name).toBe("simulation");
    expect(editor.state.doc.child(1).attrs).toEqual({ src: PHET, title: "Energy Skate Park" });
    expect(isEmptyHtml(SIMULATION)).toBe(false);
  });

  it("are inserted as that shape, escaping the title, with a paragraph after to write on", () => {
    editor = headless("<p>Try it:</p>");
    editor.chain().focus("end").insertContent({ type: "simulation", attrs: { src: "https://www.desmos.com/calculator/abc", title: 'Graph "y" < 2' } }).run();
    expect(editor.getHTML()).toBe('<p>Try it:</p><div data-type="simulation" data-src="https://www.desmos.com/calculator/abc" data-title="Graph &quot;y&quot; &lt; 2"></div><p></p>');
  });

  it("leave the cursor after an inserted image or simulation, so the next insert keeps it", () => {
    editor = headless("<p>Graph:</p>");
    editor.commands.focus("end");
    insertBlock(editor, { type: "image", attrs: { src: "/files/content/a.png", alt: "A graph" } });
    insertBlock(editor, { type: "simulation", attrs: { src: PHET, title: "Skate" } });
    editor.chain().insertContent({ type: "inlineMath", attrs: { latex: "x^2" } }).insertContent(" done").run();
    expect(editor.getHTML()).toBe(
      `<p>Graph:</p><img src="/files/content/a.png" alt="A graph"><div data-type="simulation" data-src="${PHET}" data-title="Skate"></div><p><span data-type="inline-math" data-latex="x^2"></span> done</p>`,
    );
  });

  it("keep no address the server would drop, and never a raw frame", () => {
    editor = headless(
      '<div data-type="simulation" data-src="https://evil.example/sim" data-title="Evil"></div>' +
        '<div data-type="simulation" data-src="http://phet.colorado.edu/x" data-title="Plain http"></div>' +
        `<iframe src="${PHET}"></iframe>`,
    );
    expect(editor.getHTML()).toBe('<div data-type="simulation" data-title="Evil"></div><div data-type="simulation" data-title="Plain http"></div>');
  });

  it("open their dialog on Enter, and say which one the toolbar edits", () => {
    const onEditSimulation = vi.fn(() => true);
    editor = new Editor({ extensions: createExtensions({ onEditSimulation }), content: `<p>a</p>${SIMULATION}` });
    editor.commands.setNodeSelection(3);
    expect(selectedSimulation(editor.state.selection)).toEqual({ src: PHET, title: "Energy Skate Park", pos: 3 });
    const before = editor.getHTML();
    editor.commands.keyboardShortcut("Enter");
    expect(onEditSimulation).toHaveBeenCalledWith({ src: PHET, title: "Energy Skate Park", pos: 3 });
    // Not replaced by a line break.
    expect(editor.getHTML()).toBe(before);
    expect(editor.state.doc.child(1).type.name).toBe("simulation");
  });

  it("travel through Markdown as a link line", () => {
    editor = headless(`<p>Before</p>${SIMULATION}<div data-type="simulation" data-src="https://www.geogebra.org/m/a(b)" data-title="A [b] *c*"></div>`);
    expect(exportMarkdown(editor)).toBe(
      `Before\n\n[Simulation: Energy Skate Park](${PHET})\n\n[Simulation: A \\[b\\] \\*c\\*](<https://www.geogebra.org/m/a(b)>)\n`,
    );
  });
});

describe("Markdown import and export", () => {
  const lesson =
    "<h2>Newton's laws</h2>" +
    "<p>A <strong>force</strong> changes <em>motion</em>; <s>nothing</s> <code>F</code> is a <a rel=\"noopener noreferrer nofollow\" href=\"https://example.org/forces\">vector</a>.</p>" +
    "<ul><li><p>First law</p></li><li><p>Second law</p></li></ul>" +
    "<ol><li><p>Measure</p></li><li><p>Compare</p></li></ol>" +
    "<blockquote><p>Every action has a reaction.</p></blockquote>" +
    '<pre><code class="language-python">force = mass * acceleration</code></pre>' +
    '<img src="/files/content/ab/graph.png" alt="Velocity against time">' +
    "<h3>Units</h3>" +
    "<p>Force is measured in newtons.</p>";

  it("round-trips a formula-free lesson: HTML -> Markdown -> the same document", () => {
    editor = headless(lesson);
    const before = editor.getJSON();
    const markdown = exportMarkdown(editor);
    expect(markdown).toContain("## Newton's laws");
    expect(markdown).toContain("**force**");
    expect(markdown).toContain("[vector](https://example.org/forces)");
    expect(markdown).toContain("```python");

    const other = headless();
    importMarkdown(other, markdown, "replace");
    expect(other.getJSON()).toEqual(before);
    expect(exportMarkdown(other)).toBe(markdown);
    other.destroy();
  });

  it("round-trips tables", () => {
    editor = headless();
    const markdown = "| Quantity | Unit |\n| --- | --- |\n| Force | N |\n| Mass | kg |\n";
    importMarkdown(editor, markdown, "replace");
    expect(editor.getHTML()).toContain("<th");
    expect(editor.getHTML()).toContain("<td");
    const again = exportMarkdown(editor);
    const other = headless();
    importMarkdown(other, again, "replace");
    expect(other.getJSON()).toEqual(editor.getJSON());
    other.destroy();
  });

  it("inserts at the cursor, and leaves out images that aren't on Mentora", () => {
    editor = headless("<p>Intro</p>");
    editor.commands.focus("end");
    const { droppedImages } = importMarkdown(editor, "## Added\n\n![x](https://elsewhere.example/x.png)\n\n![y](/files/content/y.png)", "insert");
    expect(droppedImages).toBe(1);
    const html = editor.getHTML();
    expect(html).toMatch(/^<p>Intro<\/p>/);
    expect(html).toContain("<h2>Added</h2>");
    expect(html).not.toContain("elsewhere.example");
    expect(html).toContain('src="/files/content/y.png"');
  });

  it("never puts a pasted hostile image into the page, not even for a moment", () => {
    const host = document.createElement("div");
    document.body.appendChild(host);
    editor = new Editor({ element: host, extensions: createExtensions(), content: "<p>Intro</p>" });
    const seen: string[] = [];
    const collect = (records: MutationRecord[]) => {
      for (const record of records) {
        record.addedNodes.forEach((added) => {
          if (!(added instanceof Element)) return;
          for (const img of [added, ...added.querySelectorAll("img")]) {
            if (img.tagName === "IMG") seen.push(img.getAttribute("src") ?? "");
          }
        });
      }
    };
    const observer = new MutationObserver(collect);
    observer.observe(document.body, { childList: true, subtree: true });
    const { droppedImages } = importMarkdown(
      editor,
      'Text <img src="x" onerror="alert(1)"> and ![a](https://evil.example/a.png)\n\n<img src=y onerror=alert(2)>',
      "replace",
    );
    // Records are delivered in a microtask; take them now so nothing added and removed is missed.
    collect(observer.takeRecords());
    observer.disconnect();
    host.remove();
    // The inline <img> is an inline HTML token the block-level image node cannot take; it is left out by the parser itself.
    expect(droppedImages).toBe(2);
    expect(seen).toEqual([]);
    expect(editor.getHTML()).not.toMatch(/onerror|<img/);
    expect(editor.getText()).toContain("Text");
  });
});

describe("small rules", () => {
  it("refuses formulas the server would drop", () => {
    expect(latexProblem("")).toMatch(/Write the formula/);
    expect(latexProblem("\\href{https://x.org}{x}")).toMatch(/aren't allowed/);
    expect(latexProblem("\\htmlClass{a}{b}")).toMatch(/aren't allowed/);
    expect(latexProblem("x".repeat(5001))).toMatch(/under 5,000/);
    expect(latexProblem("\\frac{a}{b}")).toBeNull();
  });

  it("puts snippets at the cursor", () => {
    expect(insertSnippet("a + b", 4, 5, "\\frac{|}{}")).toEqual({ text: "a + \\frac{}{}", cursor: 10 });
  });

  it("accepts links the sanitiser keeps", () => {
    expect(isAllowedHref("https://example.org")).toBe(true);
    expect(isAllowedHref("mailto:ada@example.org")).toBe(true);
    expect(isAllowedHref("/mentors")).toBe(true);
    expect(isAllowedHref("javascript:alert(1)")).toBe(false);
    expect(isAllowedHref("/\\\\evil.example/x")).toBe(false);
    expect(isAllowedHref("//evil.example")).toBe(false);
    expect(normaliseHref("example.org/page")).toBe("https://example.org/page");
    expect(normaliseHref("ada@example.org")).toBe("mailto:ada@example.org");
    expect(normaliseHref("/mentors")).toBe("/mentors");
  });

  it("tells pasted Markdown from plain prose", () => {
    expect(looksLikeMarkdown("## Forces\n\nText")).toBe(true);
    expect(looksLikeMarkdown("- one\n- two")).toBe(true);
    expect(looksLikeMarkdown("See [the guide](https://example.org).")).toBe(true);
    expect(looksLikeMarkdown("A **key** idea")).toBe(true);
    expect(looksLikeMarkdown("| a | b |\n| --- | --- |")).toBe(true);
    expect(looksLikeMarkdown("Just a sentence, with #hashtag and 3 * 4 = 12.")).toBe(false);
    expect(looksLikeMarkdown("   ")).toBe(false);
  });

  it("knows an empty document", () => {
    expect(isEmptyHtml("<p></p>")).toBe(true);
    expect(isEmptyHtml("<p> &nbsp;</p>")).toBe(true);
    expect(isEmptyHtml('<p><span data-type="inline-math" data-latex="x"></span></p>')).toBe(false);
    expect(isEmptyHtml('<p><img src="/files/a.png" alt=""></p>')).toBe(false);
    expect(fileSlug("Newton's 2nd law — forces!")).toBe("newtons-2nd-law-forces");
    expect(fileSlug("  ")).toBe("lesson");
  });
});

function Harness({ initial = "", onChange }: { initial?: string; onChange: (html: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <ToastProvider>
      <RichTextField
        label="Lesson text"
        value={value}
        onChange={(html) => {
          setValue(html);
          onChange(html);
        }}
      />
    </ToastProvider>
  );
}

describe("the editor", { timeout: 20_000 }, () => {
  beforeAll(async () => {
    await import("./RichTextEditor");
  }, 30_000);

  it("is a labelled text box behind a keyboard-navigable toolbar", async () => {
    render(<Harness initial="<p>Hello</p>" onChange={() => undefined} />);
    const text = await screen.findByRole("textbox", { name: "Lesson text" });
    expect(text).toHaveAttribute("aria-multiline", "true");
    const toolbar = screen.getByRole("toolbar", { name: "Lesson text formatting" });
    const buttons = within(toolbar).getAllByRole("button").filter((button) => !(button as HTMLButtonElement).disabled);
    // One Tab stop; arrows move along.
    expect(buttons.filter((button) => button.tabIndex === 0)).toHaveLength(1);
    buttons[0]?.focus();
    await userEvent.keyboard("{ArrowRight}");
    expect(buttons[1]).toHaveFocus();
    await userEvent.keyboard("{End}");
    expect(buttons[buttons.length - 1]).toHaveFocus();
    expect(within(toolbar).getByRole("button", { name: "Bold" })).toHaveAttribute("aria-pressed", "false");
  });

  it("inserts a formula from the dialog with a live KaTeX preview", async () => {
    const changes = vi.fn();
    render(<Harness initial="<p>Energy</p>" onChange={changes} />);
    await userEvent.click(await screen.findByRole("button", { name: "Inline formula" }));
    const dialog = await screen.findByRole("dialog", { name: "Insert formula" });
    const field = within(dialog).getByLabelText("LaTeX");
    expect(field).toHaveFocus();

    await userEvent.type(field, "\\frac{{1");
    expect(field).toHaveAccessibleDescription(/KaTeX can't read this yet/);
    expect(within(dialog).getByTestId("formula-preview")).toHaveTextContent("Fix the formula to see it here.");

    await userEvent.clear(field);
    await userEvent.type(field, "E = mc^2");
    expect(within(dialog).getByTestId("formula-preview").querySelector(".katex")).not.toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Insert formula" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(changes).toHaveBeenLastCalledWith(expect.stringContaining('<span data-type="inline-math" data-latex="E = mc^2"></span>'));
  });

  it("adds a link through an accessible dialog", async () => {
    const changes = vi.fn();
    render(<Harness initial="<p>Read</p>" onChange={changes} />);
    await userEvent.click(await screen.findByRole("button", { name: "Link" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a link" });
    await userEvent.type(within(dialog).getByLabelText("Address"), "javascript:alert(1)");
    await userEvent.type(within(dialog).getByLabelText("Text to show"), "the guide");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add link" }));
    expect(within(dialog).getByLabelText("Address")).toHaveAccessibleDescription(/Use a web address/);

    await userEvent.clear(within(dialog).getByLabelText("Address"));
    await userEvent.type(within(dialog).getByLabelText("Address"), "example.org/guide");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add link" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(changes).toHaveBeenLastCalledWith(expect.stringContaining('href="https://example.org/guide">the guide</a>'));
  });

  it("uploads an image with a progress bar and inserts it with its text alternative", async () => {
    installFakeXhr();
    document.cookie = "edu_csrf=csrf-9; path=/";
    const changes = vi.fn();
    const user = userEvent.setup({ applyAccept: false });
    render(<Harness initial="<p>Graph:</p>" onChange={changes} />);
    await user.click(await screen.findByRole("button", { name: "Image" }));
    const dialog = await screen.findByRole("dialog", { name: "Insert an image" });

    await user.upload(within(dialog).getByLabelText("Image file"), new File(["%PDF"], "notes.pdf", { type: "application/pdf" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("notes.pdf isn't a PNG, JPEG, WebP or GIF file.");
    await user.click(within(dialog).getByRole("button", { name: "Remove notes.pdf" }));

    await user.upload(within(dialog).getByLabelText("Image file"), new File(["png-bytes"], "velocity graph.png", { type: "image/png" }));
    await user.click(within(dialog).getByRole("button", { name: "Upload and insert" }));
    expect(within(dialog).getByLabelText("Text alternative")).toHaveAccessibleDescription(/Describe the image/);
    expect(FakeXhr.all).toHaveLength(0);

    await user.type(within(dialog).getByLabelText("Text alternative"), "Velocity rising linearly");
    await user.click(within(dialog).getByRole("button", { name: "Upload and insert" }));
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/mentor/content/images?filename=velocity+graph.png");
    expect(xhr.headers["Content-Type"]).toBe("image/png");
    expect(xhr.headers["X-CSRF-Token"]).toBe("csrf-9");
    act(() => xhr.progress(3, 9));
    expect(within(dialog).getByRole("progressbar", { name: "Uploading velocity graph.png" })).toHaveAttribute("aria-valuenow", "33");

    act(() => xhr.respond(201, { key: "content/ab/cd.png", url: "/files/content/ab/cd.png?sig=x", width: 640, height: 480 }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(changes).toHaveBeenLastCalledWith(expect.stringContaining('<img src="/files/content/ab/cd.png?sig=x" alt="Velocity rising linearly" width="640" height="480">'));
  });

  it("converts pasted Markdown, but keeps copies from web pages as they are", async () => {
    const changes = vi.fn();
    render(<Harness initial="<p></p>" onChange={changes} />);
    const text = await screen.findByRole("textbox", { name: "Lesson text" });
    act(() => text.focus());
    const paste = (data: Record<string, string>) =>
      fireEvent.paste(text, { clipboardData: { types: Object.keys(data), getData: (type: string) => data[type] ?? "", files: [], items: [] } });
    paste({ "text/plain": "## Momentum\n\n- **p** = mv" });
    await waitFor(() => expect(changes).toHaveBeenLastCalledWith(expect.stringContaining("<h2>Momentum</h2><ul><li><p><strong>p</strong> = mv</p></li></ul>")));

    paste({ "text/html": "<p>## Quoted, not a heading</p>", "text/plain": "## Quoted, not a heading" });
    // Pasted into the list item as text: the page's HTML wins over the Markdown look-alike.
    await waitFor(() => expect(changes).toHaveBeenLastCalledWith(expect.stringContaining("= mv## Quoted, not a heading</p>")));
  });

  it("inserts a simulation from an accessible dialog that refuses other hosts", async () => {
    const changes = vi.fn();
    render(<Harness initial="<p>Skate</p>" onChange={changes} />);
    await userEvent.click(await screen.findByRole("button", { name: "Simulation" }));
    const dialog = await screen.findByRole("dialog", { name: "Insert a simulation" });
    const address = within(dialog).getByLabelText("Simulation address");
    expect(address).toHaveFocus();

    await userEvent.type(address, "https://evil.example/sim.html");
    await userEvent.type(within(dialog).getByLabelText("Name for screen readers"), "Energy Skate Park");
    await userEvent.click(within(dialog).getByRole("button", { name: "Insert simulation" }));
    expect(address).toHaveAccessibleDescription(SIMULATION_HOST_MESSAGE);
    expect(address).toHaveFocus();
    expect(changes).not.toHaveBeenCalled();

    // A near miss is fixed in one click.
    await userEvent.clear(address);
    await userEvent.type(address, "https://geogebra.org/m/abc");
    await userEvent.click(within(dialog).getByRole("button", { name: "Insert simulation" }));
    expect(address).toHaveAccessibleDescription(SIMULATION_HOST_MESSAGE);
    await userEvent.click(within(dialog).getByRole("button", { name: "Use https://www.geogebra.org/m/abc" }));
    expect(address).toHaveValue("https://www.geogebra.org/m/abc");

    await userEvent.clear(address);
    await userEvent.type(address, PHET);
    await userEvent.click(within(dialog).getByRole("button", { name: "Insert simulation" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(changes).toHaveBeenLastCalledWith(expect.stringContaining(SIMULATION));
    expect(changes).toHaveBeenLastCalledWith(expect.stringContaining("<p>Skate</p>"));

    // The node view previews it in the mentor's sandbox, and can change or remove it.
    const frame = await screen.findByTitle("Energy Skate Park");
    expect(frame.tagName).toBe("IFRAME");
    expect(frame).toHaveAttribute("src", PHET);
    expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-same-origin");
    await userEvent.click(screen.getByRole("button", { name: "Edit simulation: Energy Skate Park" }));
    const edit = await screen.findByRole("dialog", { name: "Edit simulation" });
    expect(within(edit).getByLabelText("Simulation address")).toHaveValue(PHET);
    const name = within(edit).getByLabelText("Name for screen readers");
    await userEvent.clear(name);
    await userEvent.click(within(edit).getByRole("button", { name: "Update simulation" }));
    expect(name).toHaveAccessibleDescription(/Name the simulation/);
    await userEvent.type(name, "Skate park");
    await userEvent.click(within(edit).getByRole("button", { name: "Update simulation" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(changes).toHaveBeenLastCalledWith(expect.stringContaining(`<div data-type="simulation" data-src="${PHET}" data-title="Skate park"></div>`));

    await userEvent.click(await screen.findByRole("button", { name: "Remove simulation: Skate park" }));
    expect(changes).toHaveBeenLastCalledWith("<p>Skate</p>");
    expect(screen.queryByTitle("Skate park")).not.toBeInTheDocument();
  });

  it("applies marks from the toolbar", async () => {
    const changes = vi.fn();
    render(<Harness initial="<p>Force</p>" onChange={changes} />);
    const text = await screen.findByRole("textbox", { name: "Lesson text" });
    act(() => text.focus());
    // Select everything, then make it bold.
    await userEvent.keyboard("{Control>}a{/Control}");
    await userEvent.click(screen.getByRole("button", { name: "Bold" }));
    expect(changes).toHaveBeenLastCalledWith("<p><strong>Force</strong></p>");
    expect(screen.getByRole("button", { name: "Bold" })).toHaveAttribute("aria-pressed", "true");
  });
});
