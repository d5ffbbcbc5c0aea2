r"""Demo teaching material by the demo mentors: lesson notes, embedded simulations and question
sets under their catalog topics, plus a few items in every review state so the moderation
queue has work in it.

Lesson text is written in the editor's HTML. Formulas are typed as ``$...$`` (inline) and
``$$...$$`` (a block, on its own line between paragraphs) and turned into the editor's formula
nodes (``<span data-type="inline-math" data-latex="...">`` and
``<div data-type="block-math" data-latex="...">``) by :func:`lesson`.
"""
# The lessons are typeset: en dashes, minus signs and multiplication signs are meant.
# ruff: noqa: RUF001

import html
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

AMARA = "amara.okafor@mentora.demo"
LUKAS = "lukas.becker@mentora.demo"
PRIYA = "priya.raman@mentora.demo"
DANIEL = "daniel.reyes@mentora.demo"

_BLOCK = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"\$(.+?)\$", re.S)
_BLOCK_TAGS = r"(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|th|td|div|blockquote)"
_BEFORE_BLOCK = re.compile(rf"\s+(?=</?{_BLOCK_TAGS}\b)")
_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK_TAGS}\b[^>]*>)\s+")


def lesson(source: str) -> str:
    """Editor HTML from a lesson written with ``$...$`` and ``$$...$$`` formulas."""
    def latex(m: re.Match[str]) -> str:
        # Line breaks inside a formula are only layout; a backslash before one reads "\\ ".
        return html.escape(" ".join(m[1].split()), quote=True)

    def block(m: re.Match[str]) -> str:
        return f'<div data-type="block-math" data-latex="{latex(m)}"></div>'

    def inline(m: re.Match[str]) -> str:
        return f'<span data-type="inline-math" data-latex="{latex(m)}"></span>'

    text = " ".join(_INLINE.sub(inline, _BLOCK.sub(block, source)).split())
    # Compact, like the editor's own output: no white space around block elements.
    return _AFTER_BLOCK.sub(r"\1", _BEFORE_BLOCK.sub("", text))


class Target(StrEnum):
    """Where the seed takes an item."""

    APPROVED = "approved"
    PENDING = "pending"  # submitted, waiting in the moderation queue
    PENDING_EDIT = "pending_edit"  # version 1 live, an edit (version 2) waiting for review
    REJECTED = "rejected"


@dataclass(frozen=True)
class DemoEdit:
    title: str
    body: dict[str, Any]
    summary: str


@dataclass(frozen=True)
class DemoItem:
    key: str  # a stable handle for later seeds (e.g. a demo course that groups items)
    mentor: str  # e-mail of a demo mentor
    topic: str  # catalog slug
    kind: str
    title: str  # the first version's title: with mentor, topic and kind, it finds the item
    body: dict[str, Any]
    target: Target = Target.APPROVED
    summary: str = "First version"
    edit: DemoEdit | None = None  # for PENDING_EDIT
    feedback: str = ""  # for REJECTED


def note(source: str) -> dict[str, Any]:
    return {"html": lesson(source)}


def single(prompt: str, choices: list[str], correct: int, explanation: str) -> dict[str, Any]:
    ids = "abcdefghij"
    return {"type": "single_choice", "prompt": lesson(prompt),
            "choices": [{"id": ids[i], "text": t} for i, t in enumerate(choices)],
            "correct": [ids[correct]], "explanation": lesson(explanation)}


def multiple(prompt: str, choices: list[str], correct: list[int],
             explanation: str) -> dict[str, Any]:
    ids = "abcdefghij"
    return {"type": "multiple_choice", "prompt": lesson(prompt),
            "choices": [{"id": ids[i], "text": t} for i, t in enumerate(choices)],
            "correct": [ids[i] for i in correct], "explanation": lesson(explanation)}


def numeric(prompt: str, answer: float, tolerance: float, unit: str,
            explanation: str) -> dict[str, Any]:
    return {"type": "numeric", "prompt": lesson(prompt), "answer": answer,
            "tolerance": tolerance, "unit": unit, "explanation": lesson(explanation)}


def short(prompt: str, accepted: list[str], explanation: str, *,
          case_sensitive: bool = False) -> dict[str, Any]:
    return {"type": "short_text", "prompt": lesson(prompt), "accepted": accepted,
            "case_sensitive": case_sensitive, "explanation": lesson(explanation)}


def with_hints(body: dict[str, Any], *hints: str) -> dict[str, Any]:
    """A question with the mentor's hints, revealed one at a time after a wrong answer."""
    return {**body, "hints": list(hints)}


def simulation(url: str, title: str) -> dict[str, Any]:
    return {"url": url, "title": title}


# -- Amara Okafor: physics --------------------------------------------------------------------

_ENERGY_START = r"""
<p>Energy is the one quantity that every part of physics keeps track of. This note connects
three ideas you will use constantly in mechanics: the <strong>work</strong> a force does, the
<strong>kinetic energy</strong> of a moving body, and the <strong>conservation</strong> of
mechanical energy.</p>
<h2>What physicists mean by work</h2>
<p>In everyday language "work" is anything tiring. In physics, a force does work on a body only
when the body moves along the direction of the force. A constant force $\vec F$ acting on a body
that moves through a displacement $\vec s$ does work</p>
$$W = \vec F\cdot\vec s = F s\cos\theta$$
<p>where $\theta$ is the angle between the force and the displacement. Work is a scalar, measured
in joules: $1\,\mathrm{J} = 1\,\mathrm{N\,m}$.</p>
<ul>
<li><strong>$\theta = 0^\circ$:</strong> the force pushes along the motion and does positive
work, $W = Fs$.</li>
<li><strong>$\theta = 90^\circ$:</strong> the force is perpendicular to the motion and does no
work at all. The normal force on a car driving along a flat road is an example.</li>
<li><strong>$\theta = 180^\circ$:</strong> the force opposes the motion (friction, braking) and
does negative work, taking energy away from the body.</li>
</ul>
<h2>Kinetic energy</h2>
<p>A body of mass $m$ moving at speed $v$ carries kinetic energy $E_k=\tfrac12 mv^2$. Because the
speed is squared, doubling the speed quadruples the kinetic energy, which is why braking
distances grow so quickly with speed.</p>
<h2>The work–energy theorem</h2>
<p>Apply Newton's second law to a body pushed by a constant net force along a straight line. With
$v^2 = u^2 + 2as$ and $F_\text{net} = ma$:</p>
$$W_\text{net} = F_\text{net}\,s = ma\,s = \tfrac12 mv^2 - \tfrac12 mu^2 = \Delta E_k$$
<p>The <strong>net</strong> work done on a body equals the change in its kinetic energy. The
result also holds for varying forces and curved paths, and it is often the quickest route to a
speed: there is no need to find the acceleration or the time first.</p>
<h2>Gravitational potential energy and conservation</h2>
<p>Lifting a mass $m$ through a height $h$ near the Earth's surface stores the energy
$E_p = mgh$. When only gravity does work, the total mechanical energy stays constant:</p>
$$\tfrac12 mu^2 + mgh_1 = \tfrac12 mv^2 + mgh_2$$
<h3>Worked example</h3>
<p>A 60 kg skateboarder starts from rest at the top of a 5.0 m high ramp. Ignoring friction, how
fast is she moving at the bottom?</p>
<ol>
<li>All the potential energy becomes kinetic energy: $mgh = \tfrac12 mv^2$.</li>
<li>The mass cancels: $v = \sqrt{2gh}$.</li>
<li>$v = \sqrt{2 \times 9.81 \times 5.0} \approx 9.9\ \mathrm{m\,s^{-1}}$.</li>
</ol>
<p>The answer depends neither on her mass nor on the shape of the ramp, only on the drop in
height. Try it in the Energy Skate Park simulation below.</p>
"""

_ENERGY_FRICTION = r"""
<p>With friction the same bookkeeping still works: if friction does $-900\ \mathrm{J}$ of work on
the way down, the work–energy theorem gives $\tfrac12 mv^2 = mgh - 900\ \mathrm{J} = 2043\
\mathrm{J}$, so $v \approx 8.3\ \mathrm{m\,s^{-1}}$. The "missing" energy has become heat in the
wheels and the ramp.</p>
<h2>Power: how fast work is done</h2>
<p>Two cranes lifting the same load to the same height do the same work, but the faster one is
more <em>powerful</em>. Power is the rate of doing work, $P = \dfrac{W}{t}$, measured in watts
($1\,\mathrm{W} = 1\,\mathrm{J\,s^{-1}}$). For a force pushing a body at a constant velocity
$v$,</p>
$$P = Fv$$
<p>which is why a car needs far more engine power at motorway speeds, where air resistance is
large, than in town.</p>
"""

_ENERGY_TABLE = r"""
<h2>Energy at a glance</h2>
<table>
<thead><tr><th>Quantity</th><th>Formula</th><th>Depends on</th></tr></thead>
<tbody>
<tr><td>Kinetic energy</td><td>$\tfrac12 mv^2$</td><td>mass, speed</td></tr>
<tr><td>Gravitational potential energy</td><td>$mgh$</td><td>mass, height</td></tr>
<tr><td>Elastic potential energy</td><td>$\tfrac12 kx^2$</td>
<td>spring constant, extension</td></tr>
<tr><td>Work done by a force</td><td>$Fs\cos\theta$</td><td>force, displacement, angle</td></tr>
</tbody>
</table>
<blockquote><p><strong>Common mistake:</strong> using the work–energy theorem with a single force
instead of the net force. If friction acts, include its (negative) work.</p></blockquote>
"""

_ENERGY_POWER_ROW = r"""
<tr><td>Power</td><td>$W/t = Fv$</td><td>work, time, speed</td></tr>
</tbody>
"""

_NEWTON = r"""
<p>Newton's three laws, published in 1687, are the whole of classical dynamics in three
sentences. Every mechanics problem you will meet at school is an application of them, usually
of the second.</p>
<h2>First law: inertia</h2>
<p>A body stays at rest, or keeps moving in a straight line at constant speed, unless a
resultant (net) force acts on it. Motion does not need a force; <em>changes</em> of motion do. A
hockey puck glides a long way across the ice because almost no horizontal force acts on it.</p>
<h2>Second law: force and acceleration</h2>
<p>The resultant force on a body equals the rate of change of its momentum. For a body of
constant mass this becomes the most used equation in mechanics:</p>
$$\sum \vec F = m\vec a$$
<p>The sum is a <strong>vector</strong> sum, and the acceleration points the same way as the
resultant force. One newton is the force that gives a mass of 1 kg an acceleration of
$1\ \mathrm{m\,s^{-2}}$, so $1\ \mathrm{N} = 1\ \mathrm{kg\,m\,s^{-2}}$.</p>
<h2>Third law: interaction pairs</h2>
<p>When body A exerts a force on body B, body B exerts a force on A that is equal in size and
opposite in direction: $\vec F_{AB} = -\vec F_{BA}$. The two forces act on <em>different</em>
bodies, so they never cancel each other out. The Earth pulls you down with your weight; you pull
the Earth up with exactly the same force.</p>
<h2>Solving problems with free-body diagrams</h2>
<ol>
<li>Pick one body and draw it on its own, as a dot or a box.</li>
<li>Draw every force acting <em>on</em> that body as an arrow starting on it: weight $mg$, the
normal force, tension, friction, applied pushes and pulls.</li>
<li>Choose axes, usually one of them along the acceleration.</li>
<li>Write $\sum F = ma$ separately for each axis and solve.</li>
</ol>
<h3>Worked example: scales in a lift</h3>
<p>A 70 kg person stands on bathroom scales in a lift that accelerates upwards at
$1.5\ \mathrm{m\,s^{-2}}$. What do the scales read?</p>
<p>Two forces act on the person: the weight $mg$ downwards and the normal force $N$ from the
scales upwards. Taking up as positive,</p>
$$N - mg = ma \quad\Rightarrow\quad N = m(g + a) = 70 \times (9.81 + 1.5) \approx 792\ \mathrm{N}$$
<p>The scales read about 792 N, as if the person had a mass of 81 kg: scales measure the normal
force, not the weight. In free fall ($a = -g$) they would read zero, which is what astronauts'
"weightlessness" means.</p>
<h2>Summary</h2>
<table>
<thead><tr><th>Law</th><th>In one line</th><th>Equation</th></tr></thead>
<tbody>
<tr><td>First</td><td>No net force, no change in velocity</td>
<td>$\sum\vec F = 0 \Leftrightarrow \vec v = \text{const}$</td></tr>
<tr><td>Second</td><td>A net force causes an acceleration</td><td>$\sum\vec F = m\vec a$</td></tr>
<tr><td>Third</td><td>Forces come in equal and opposite pairs, on different bodies</td>
<td>$\vec F_{AB} = -\vec F_{BA}$</td></tr>
</tbody>
</table>
"""

PHYSICS: list[DemoItem] = [
    DemoItem(
        "amara-energy-note", AMARA, "work-energy-power", "note",
        "Work, kinetic energy and the work–energy theorem",
        note(_ENERGY_START + _ENERGY_TABLE), target=Target.PENDING_EDIT,
        edit=DemoEdit(
            "Work, energy and power",
            note(_ENERGY_START + _ENERGY_FRICTION
                 + _ENERGY_TABLE.replace("</tbody>", _ENERGY_POWER_ROW.strip(), 1)),
            "Add power, and the skateboard example with friction")),
    DemoItem(
        "amara-skate-park", AMARA, "work-energy-power", "simulation", "Energy Skate Park",
        simulation("https://phet.colorado.edu/sims/html/energy-skate-park-basics/latest/"
                   "energy-skate-park-basics_en.html",
                   "Energy Skate Park: Basics (PhET, University of Colorado Boulder)")),
    DemoItem(
        "amara-kinetic-energy-q", AMARA, "work-energy-power", "question",
        "Kinetic energy of a cyclist",
        with_hints(
            numeric(r"""<p>A cyclist and her bike have a combined mass of 80 kg and ride at
                    $6.0\ \mathrm{m\,s^{-1}}$. What is their kinetic energy?</p>""", 1440, 10,
                    "J",
                    r"""<p>$E_k = \tfrac12 mv^2 = \tfrac12 \times 80 \times 6.0^2 = 1440\
                    \mathrm{J}$. Remember to square the speed before multiplying.</p>"""),
            "Kinetic energy is one half times mass times speed squared.",
            "Square the speed first: 6.0 squared is 36.")),
    DemoItem(
        "amara-orbit-work-q", AMARA, "work-energy-power", "question",
        "Work done by gravity on a satellite",
        with_hints(single(
               "<p>A satellite moves in a circular orbit at constant speed. How much work does "
               "gravity do on it during one complete orbit?</p>",
               ["A positive amount equal to its kinetic energy", "Zero",
                "A negative amount, because gravity pulls inwards",
                "It depends on the satellite's mass"], 1,
               r"""<p>Gravity points to the centre of the orbit and the velocity is along the
               orbit, so the angle between force and displacement is $90^\circ$ at every
               instant and $W = Fs\cos 90^\circ = 0$. This agrees with the work–energy
               theorem: the speed, and so the kinetic energy, does not change.</p>"""),
            "Work depends on the angle between the force and the displacement.",
            "In which direction does gravity pull, and in which direction does the satellite "
            "move?")),
    DemoItem("amara-newton-note", AMARA, "newtons-laws", "note",
             "Newton's three laws of motion", note(_NEWTON)),
    DemoItem(
        "amara-book-q", AMARA, "newtons-laws", "question", "Forces on a book at rest",
        multiple("<p>A book rests on a horizontal table. Which statements are true?</p>",
                 ["The book's weight and the normal force on it are a Newton's third law pair.",
                  "The resultant force on the book is zero.",
                  "The normal force on the book is equal in size to its weight.",
                  "The book pushes down on the table as hard as the table pushes up on it."],
                 [1, 2, 3],
                 "<p>The book does not accelerate, so the resultant force is zero and the "
                 "normal force balances the weight. But those two forces act on the "
                 "<em>same</em> body, so they are not a third-law pair: the partner of the "
                 "book's weight is the book's gravitational pull on the Earth, and the partner "
                 "of the table's push on the book is the book's push on the table.</p>")),
    DemoItem(
        "amara-trolley-q", AMARA, "newtons-laws", "question", "Acceleration of a trolley",
        numeric(r"""<p>A resultant force of 12 N acts on a 4.0 kg trolley. What is its
                acceleration?</p>""", 3.0, 0.01, "m/s²",
                r"""<p>From $\sum F = ma$: $a = \dfrac{F}{m} = \dfrac{12\ \mathrm{N}}{4.0\
                \mathrm{kg}} = 3.0\ \mathrm{m\,s^{-2}}$.</p>""")),
    DemoItem(
        "amara-newton-unit-q", AMARA, "newtons-laws", "question", "The unit of force",
        short("<p>What is the name of the SI unit of force?</p>", ["newton", "newtons", "N"],
              r"""<p>The <strong>newton</strong> (N): the force that gives 1 kg an acceleration
              of $1\ \mathrm{m\,s^{-2}}$, so $1\ \mathrm{N} = 1\ \mathrm{kg\,m\,s^{-2}}$.</p>""")),
]

# -- Lukas Becker: mathematics ----------------------------------------------------------------

_DERIVATIVE = r"""
<p>A straight line has the same slope everywhere. A curve does not: the graph of $y = x^2$ is
almost flat near the origin and very steep further out. The derivative measures the slope of a
curve <em>at a single point</em>, and with it the instantaneous rate of change of anything a
function describes: speed, growth, cost.</p>
<h2>From secants to the tangent</h2>
<p>Pick a point $x$ and a nearby point $x + h$. The straight line through $(x, f(x))$ and
$(x+h, f(x+h))$ is a <em>secant</em>, and its slope is the difference quotient</p>
$$\frac{f(x+h) - f(x)}{h}.$$
<p>Now let $h$ shrink towards zero. The secant swings round until it just touches the curve:
it becomes the <strong>tangent</strong>. The tangent's slope is the derivative,</p>
$$f'(x) = \lim_{h\to 0}\frac{f(x+h)-f(x)}{h}.$$
<h3>Example: the parabola $f(x) = x^2$</h3>
$$\frac{(x+h)^2 - x^2}{h} = \frac{2xh + h^2}{h} = 2x + h \;\longrightarrow\; 2x \quad (h\to 0)$$
<p>So $f'(x) = 2x$: the slope of the parabola at $x = 3$ is $6$, and at $x = -1$ it is $-2$,
because the curve is falling there.</p>
<h2>The rules you will use every day</h2>
<p>Nobody computes a limit for every function. A handful of rules, each proved once from the
definition, do the work:</p>
<table>
<thead><tr><th>Rule</th><th>Function</th><th>Derivative</th></tr></thead>
<tbody>
<tr><td>Constant</td><td>$c$</td><td>$0$</td></tr>
<tr><td>Power</td><td>$x^n$</td><td>$n x^{n-1}$</td></tr>
<tr><td>Sum</td><td>$f + g$</td><td>$f' + g'$</td></tr>
<tr><td>Product</td><td>$f\,g$</td><td>$f'g + fg'$</td></tr>
<tr><td>Quotient</td><td>$\dfrac{f}{g}$</td><td>$\dfrac{f'g - fg'}{g^2}$</td></tr>
<tr><td>Chain</td><td>$f(g(x))$</td><td>$f'(g(x))\,g'(x)$</td></tr>
<tr><td>Exponential</td><td>$e^x$</td><td>$e^x$</td></tr>
<tr><td>Sine and cosine</td><td>$\sin x,\ \cos x$</td><td>$\cos x,\ -\sin x$</td></tr>
</tbody>
</table>
<h3>Worked example with the chain rule</h3>
<p>Differentiate $y = (3x^2 + 1)^5$.</p>
<ol>
<li>Spot the inner function $u = 3x^2 + 1$ and the outer one, $y = u^5$.</li>
<li>Differentiate each: $\dfrac{dy}{du} = 5u^4$ and $\dfrac{du}{dx} = 6x$.</li>
<li>Multiply: $\dfrac{dy}{dx} = 5(3x^2+1)^4 \cdot 6x = 30x\,(3x^2+1)^4$.</li>
</ol>
<h2>What the sign tells you</h2>
<ul>
<li>$f'(x) > 0$: the graph is rising at $x$.</li>
<li>$f'(x) < 0$: the graph is falling.</li>
<li>$f'(x) = 0$: a horizontal tangent, a candidate for a maximum or a minimum. This is how
optimisation problems are solved: set the derivative to zero.</li>
</ul>
"""

_QUADRATICS = r"""
<p>A quadratic equation has the form $ax^2 + bx + c = 0$ with $a \neq 0$. Its graph,
$y = ax^2 + bx + c$, is a parabola, and the solutions (the <em>roots</em>) are where the parabola
crosses the $x$-axis. There are at most two of them.</p>
<h2>1. Factorising</h2>
<p>If you can write the left-hand side as a product, use the fact that a product is zero only
when one of its factors is zero:</p>
$$x^2 - 5x + 6 = (x - 2)(x - 3) = 0 \quad\Rightarrow\quad x = 2 \ \text{or}\ x = 3$$
<p>Look for two numbers that multiply to $c$ and add up to $b$ (here $-2$ and $-3$). Fast when
it works, but most quadratics do not factorise nicely.</p>
<h2>2. Completing the square</h2>
<p>Rewrite the quadratic so that $x$ appears only once, inside a square:</p>
$$x^2 + 6x - 7 = 0 \;\Leftrightarrow\; (x+3)^2 - 16 = 0 \;\Leftrightarrow\; x + 3 = \pm 4$$
<p>so $x = 1$ or $x = -7$. Completing the square also gives the vertex of the parabola, here
$(-3, -16)$.</p>
<h2>3. The quadratic formula</h2>
<p>Completing the square on the general equation gives a formula that always works:</p>
$$x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}$$
<h3>The discriminant</h3>
<p>The expression under the root, $\Delta = b^2 - 4ac$, tells you how many real roots there are
before you compute them:</p>
<table>
<thead><tr><th>Discriminant</th><th>Real roots</th><th>The parabola…</th></tr></thead>
<tbody>
<tr><td>$\Delta > 0$</td><td>two distinct</td><td>crosses the $x$-axis twice</td></tr>
<tr><td>$\Delta = 0$</td><td>one (repeated)</td><td>touches the $x$-axis at its vertex</td></tr>
<tr><td>$\Delta < 0$</td><td>none</td><td>never meets the $x$-axis</td></tr>
</tbody>
</table>
<h3>Worked example</h3>
<p>Solve $2x^2 - 3x - 2 = 0$.</p>
<ol>
<li>$a = 2$, $b = -3$, $c = -2$, so $\Delta = 9 + 16 = 25$: two roots.</li>
<li>$x = \dfrac{3 \pm 5}{4}$.</li>
<li>$x = 2$ or $x = -\tfrac12$.</li>
</ol>
<p>Check by substituting back: $2 \cdot 2^2 - 3 \cdot 2 - 2 = 0$. ✓</p>
<h2>Which method when?</h2>
<ul>
<li>Small whole-number coefficients: try factorising first, for thirty seconds at most.</li>
<li>You need the vertex or the turning point: complete the square.</li>
<li>Anything else: the formula. It never fails.</li>
</ul>
<p>Use the Graphing Quadratics simulation to watch the roots move as you change $a$, $b$ and
$c$, and to see the discriminant change sign.</p>
"""

MATHS: list[DemoItem] = [
    DemoItem("lukas-derivative-note", LUKAS, "derivatives", "note",
             "The derivative: the slope of a curve at a point", note(_DERIVATIVE)),
    DemoItem(
        "lukas-cubic-q", LUKAS, "derivatives", "question", "Slope of a cubic",
        with_hints(
            numeric("<p>Let $f(x) = x^3 - 2x$. Find $f'(2)$.</p>", 10, 0, "",
                    r"<p>By the power rule $f'(x) = 3x^2 - 2$, so "
                    r"$f'(2) = 3 \cdot 4 - 2 = 10$.</p>"),
            "Differentiate term by term with the power rule: x^n becomes n x^(n-1).",
            "f'(x) = 3x^2 - 2; now put x = 2.")),
    DemoItem(
        "lukas-sine-q", LUKAS, "derivatives", "question", "Derivative of the sine",
        short(r"<p>What is the derivative of $\sin x$ with respect to $x$?</p>",
              ["cos x", "cos(x)", "cosx"],
              r"""<p>$\dfrac{d}{dx}\sin x = \cos x$. Check it on the graph: at $x = 0$ the sine
              curve rises with slope 1, and $\cos 0 = 1$.</p>""")),
    DemoItem("lukas-quadratics-note", LUKAS, "quadratic-equations", "note",
             "Quadratic equations: three ways to solve them", note(_QUADRATICS)),
    DemoItem(
        "lukas-graphing-quadratics", LUKAS, "quadratic-equations", "simulation",
        "Graphing quadratics",
        simulation("https://phet.colorado.edu/sims/html/graphing-quadratics/latest/"
                   "graphing-quadratics_en.html",
                   "Graphing Quadratics (PhET, University of Colorado Boulder)")),
    DemoItem(
        "lukas-discriminant-q", LUKAS, "quadratic-equations", "question",
        "Reading the discriminant",
        single("<p>How many real roots does $x^2 + 4x + 5 = 0$ have?</p>",
               ["Two distinct roots", "Exactly one root", "No real roots",
                "Infinitely many roots"], 2,
               r"""<p>$\Delta = b^2 - 4ac = 16 - 20 = -4 < 0$, so there are no real roots: the
               parabola $y = (x+2)^2 + 1$ stays above the $x$-axis.</p>""")),
    DemoItem(
        "lukas-roots-q", LUKAS, "quadratic-equations", "question", "Roots of a quadratic",
        multiple("<p>Which of these numbers solve $x^2 - x - 6 = 0$?</p>",
                 ["−3", "−2", "2", "3"], [1, 3],
                 r"""<p>Factorise: $x^2 - x - 6 = (x - 3)(x + 2)$, so $x = 3$ or $x = -2$.
                 Substituting $-3$ gives $9 + 3 - 6 = 6 \neq 0$.</p>""")),
    DemoItem(
        "lukas-log-q", LUKAS, "exponents-logarithms", "question", "A base-2 logarithm",
        numeric(r"<p>Evaluate $\log_2 64$.</p>", 6, 0, "",
                r"""<p>$\log_2 64$ asks: 2 to which power gives 64? Since $2^6 = 64$, the
                answer is 6.</p>""")),
]

# -- Priya Raman: chemistry -------------------------------------------------------------------

_MOLE = r"""
<p>Atoms are far too small to count one by one: a single drop of water contains about
$1.7 \times 10^{21}$ molecules. Chemists therefore count particles in bundles of a fixed size,
just as a baker counts eggs in dozens. That bundle is the <strong>mole</strong>.</p>
<h2>The Avogadro constant</h2>
<p>One mole of anything contains exactly $6.022\,140\,76 \times 10^{23}$ particles (atoms,
molecules, ions or electrons). This number is the Avogadro constant:</p>
$$N_A = 6.022 \times 10^{23}\ \mathrm{mol^{-1}}$$
<p>The number of particles $N$ in an amount $n$ (in moles) is therefore $N = n N_A$.</p>
<h2>Molar mass</h2>
<p>The mass of one mole of a substance is its <em>molar mass</em> $M$, in
$\mathrm{g\,mol^{-1}}$. Numerically it equals the relative atomic or formula mass from the
periodic table: one mole of carbon-12 atoms has a mass of exactly 12 g. For a compound, add up
the atoms in its formula.</p>
<table>
<thead><tr><th>Substance</th><th>Formula</th>
<th>Molar mass / $\mathrm{g\,mol^{-1}}$</th></tr></thead>
<tbody>
<tr><td>Water</td><td>H<sub>2</sub>O</td><td>$2(1.008) + 16.00 = 18.02$</td></tr>
<tr><td>Carbon dioxide</td><td>CO<sub>2</sub></td><td>$12.01 + 2(16.00) = 44.01$</td></tr>
<tr><td>Sodium chloride</td><td>NaCl</td><td>$22.99 + 35.45 = 58.44$</td></tr>
<tr><td>Glucose</td><td>C<sub>6</sub>H<sub>12</sub>O<sub>6</sub></td>
<td>$6(12.01) + 12(1.008) + 6(16.00) = 180.16$</td></tr>
</tbody>
</table>
<h2>The one equation to remember</h2>
$$n = \frac{m}{M}$$
<p>with $n$ in mol, $m$ in g and $M$ in $\mathrm{g\,mol^{-1}}$. Rearranged, $m = nM$ and
$M = m/n$. Almost every stoichiometry calculation starts by turning a mass into moles with this
equation.</p>
<h3>Worked example</h3>
<p>How many molecules are there in 9.0 g of water?</p>
<ol>
<li>Moles: $n = \dfrac{9.0\ \mathrm{g}}{18.02\ \mathrm{g\,mol^{-1}}} = 0.50\ \mathrm{mol}$.</li>
<li>Molecules: $N = nN_A = 0.50 \times 6.022\times10^{23} = 3.0 \times 10^{23}$.</li>
</ol>
<h2>Concentration of solutions</h2>
<p>For a solution, the amount of solute per unit volume is its concentration,
$c = \dfrac{n}{V}$, in $\mathrm{mol\,dm^{-3}}$. Dissolving 0.25 mol of NaCl in water to make
500 cm³ of solution gives $c = 0.25 / 0.500 = 0.50\ \mathrm{mol\,dm^{-3}}$.</p>
<blockquote><p><strong>Tip:</strong> always convert volumes to dm³ (litres) before using
$c = n/V$: $1000\ \mathrm{cm^3} = 1\ \mathrm{dm^3}$.</p></blockquote>
"""

_BALANCING = r"""
<p>A chemical equation is a statement of accounts. Atoms are neither created nor destroyed in a
reaction, they only change partners, so every atom on the left must appear on the right.
Balancing an equation means choosing the <em>coefficients</em> (the numbers in front of the
formulas) so that the books balance.</p>
<h2>The golden rule</h2>
<p>Change only the coefficients, never the subscripts. Writing H<sub>2</sub>O<sub>2</sub>
instead of 2 H<sub>2</sub>O would balance the oxygen, and turn water into hydrogen
peroxide.</p>
<h2>A method that always works for simple equations</h2>
<ol>
<li>Write the correct formulas of all reactants and products.</li>
<li>Count the atoms of each element on both sides.</li>
<li>Balance the elements that appear in only one substance on each side first; leave hydrogen,
oxygen and free elements (such as O<sub>2</sub>) until last.</li>
<li>Change one coefficient at a time and count again.</li>
<li>Finish with the smallest whole-number coefficients.</li>
</ol>
<h3>Worked example: burning methane</h3>
<p>Start from the unbalanced skeleton equation</p>
$$\mathrm{CH_4 + O_2 \longrightarrow CO_2 + H_2O}$$
<table>
<thead><tr><th>Element</th><th>Left</th><th>Right</th><th>Action</th></tr></thead>
<tbody>
<tr><td>C</td><td>1</td><td>1</td><td>balanced</td></tr>
<tr><td>H</td><td>4</td><td>2</td><td>put 2 in front of H<sub>2</sub>O</td></tr>
<tr><td>O</td><td>2</td><td>2 + 2 = 4</td><td>put 2 in front of O<sub>2</sub></td></tr>
</tbody>
</table>
$$\mathrm{CH_4 + 2\,O_2 \longrightarrow CO_2 + 2\,H_2O}$$
<p>Final check: 1 C, 4 H and 4 O on each side. ✓</p>
<h3>A harder one: fractions first, then clear them</h3>
<p>For ethane, $\mathrm{C_2H_6 + O_2 \longrightarrow CO_2 + H_2O}$, balancing C and H gives
$\mathrm{C_2H_6 + O_2 \longrightarrow 2\,CO_2 + 3\,H_2O}$, with 7 oxygen atoms on the right.
That needs $\tfrac72$ O<sub>2</sub> on the left; doubling everything clears the fraction:</p>
$$\mathrm{2\,C_2H_6 + 7\,O_2 \longrightarrow 4\,CO_2 + 6\,H_2O}$$
<h2>State symbols</h2>
<p>Complete equations show the state of each substance: (s) solid, (l) liquid, (g) gas and (aq)
dissolved in water, for example $\mathrm{NaCl(s) \longrightarrow Na^+(aq) + Cl^-(aq)}$.</p>
<h2>Why it matters</h2>
<p>The coefficients are <strong>mole ratios</strong>. The balanced methane equation says that
1 mol of methane reacts with 2 mol of oxygen to give 1 mol of carbon dioxide and 2 mol of water:
the starting point of every yield calculation.</p>
"""

_ACIDS = r"""
<p>Lemon juice and vinegar taste sour; soap and baking soda feel slippery. The Brønsted–Lowry
theory explains both families with one idea: the transfer of a proton, $\mathrm{H^+}$.</p>
<h2>Brønsted–Lowry definitions</h2>
<ul>
<li>An <strong>acid</strong> is a proton donor.</li>
<li>A <strong>base</strong> is a proton acceptor.</li>
</ul>
$$\mathrm{HCl(aq) + H_2O(l) \longrightarrow H_3O^+(aq) + Cl^-(aq)}$$
<p>Here HCl donates a proton to water, and water acts as a base. In the reverse direction
$\mathrm{Cl^-}$ could accept a proton, so HCl and $\mathrm{Cl^-}$ form a <em>conjugate acid–base
pair</em>.</p>
<h2>Strong and weak</h2>
<p>A strong acid (HCl, HNO<sub>3</sub>, H<sub>2</sub>SO<sub>4</sub>) ionises completely in
water. A weak acid such as ethanoic acid ionises only partly and sets up an equilibrium,
$\mathrm{CH_3COOH \rightleftharpoons CH_3COO^- + H^+}$. "Strong" describes how completely an
acid ionises, not how concentrated the solution is.</p>
<h2>The pH scale</h2>
$$\mathrm{pH} = -\log_{10}[\mathrm{H^+}]$$
<p>where $[\mathrm{H^+}]$ is the concentration of hydrogen ions in $\mathrm{mol\,dm^{-3}}$.
Because the scale is logarithmic, one pH unit is a tenfold change in $[\mathrm{H^+}]$.</p>
<table>
<thead><tr><th>pH</th><th>$[\mathrm{H^+}]$ / $\mathrm{mol\,dm^{-3}}$</th>
<th>Example</th></tr></thead>
<tbody>
<tr><td>2</td><td>$10^{-2}$</td><td>lemon juice</td></tr>
<tr><td>4</td><td>$10^{-4}$</td><td>tomato juice</td></tr>
<tr><td>7</td><td>$10^{-7}$</td><td>pure water at 25 °C</td></tr>
<tr><td>8</td><td>$10^{-8}$</td><td>seawater</td></tr>
<tr><td>11</td><td>$10^{-11}$</td><td>household ammonia</td></tr>
</tbody>
</table>
<h3>Worked example</h3>
<p>What is the pH of $0.010\ \mathrm{mol\,dm^{-3}}$ hydrochloric acid?</p>
<p>HCl is a strong acid, so $[\mathrm{H^+}] = 0.010 = 10^{-2}\ \mathrm{mol\,dm^{-3}}$ and
$\mathrm{pH} = -\log_{10}(10^{-2}) = 2$.</p>
<h2>Neutralisation</h2>
<p>An acid and a base react to form a salt and water. Whatever the acid and the base, the ionic
equation is the same:</p>
$$\mathrm{H^+(aq) + OH^-(aq) \longrightarrow H_2O(l)}$$
"""

CHEMISTRY: list[DemoItem] = [
    DemoItem("priya-mole-note", PRIYA, "the-mole", "note",
             "The mole: counting particles by weighing", note(_MOLE)),
    DemoItem(
        "priya-water-moles-q", PRIYA, "the-mole", "question", "Moles of water",
        numeric(r"""<p>How many moles of water are there in 36 g of water?
                ($M = 18.0\ \mathrm{g\,mol^{-1}}$)</p>""", 2.0, 0.05, "mol",
                r"""<p>$n = \dfrac{m}{M} = \dfrac{36\ \mathrm{g}}{18.0\ \mathrm{g\,mol^{-1}}}
                = 2.0\ \mathrm{mol}$.</p>""")),
    DemoItem(
        "priya-co2-mass-q", PRIYA, "the-mole", "question", "Molar mass of carbon dioxide",
        numeric("<p>Using C = 12.01 and O = 16.00, what is the molar mass of carbon dioxide, "
                "CO<sub>2</sub>?</p>", 44.01, 0.1, "g/mol",
                r"""<p>One carbon and two oxygen atoms: $12.01 + 2 \times 16.00 = 44.01\
                \mathrm{g\,mol^{-1}}$.</p>""")),
    DemoItem("priya-balancing-note", PRIYA, "balancing-equations", "note",
             "Balancing chemical equations", note(_BALANCING)),
    DemoItem(
        "priya-ammonia-q", PRIYA, "balancing-equations", "question",
        "Balancing the synthesis of ammonia",
        single(r"""<p>Which coefficients balance
               $\mathrm{N_2 + H_2 \longrightarrow NH_3}$?</p>""",
               ["1, 1, 2", "1, 3, 2", "2, 3, 2", "1, 3, 3"], 1,
               r"""<p>Two N atoms on the left need 2 NH<sub>3</sub>; those contain 6 H atoms,
               which need 3 H<sub>2</sub>:
               $\mathrm{N_2 + 3\,H_2 \longrightarrow 2\,NH_3}$.</p>""")),
    DemoItem(
        "priya-ionic-q", PRIYA, "ionic-covalent-bonds", "question", "Ionic or covalent?",
        multiple("<p>Which of these compounds are ionic?</p>",
                 ["sodium chloride, NaCl", "carbon dioxide, CO₂", "magnesium oxide, MgO",
                  "methane, CH₄", "potassium bromide, KBr"], [0, 2, 4],
                 "<p>A metal combined with a non-metal forms an ionic compound: the metal gives "
                 "electrons to the non-metal (Na⁺Cl⁻, Mg²⁺O²⁻, K⁺Br⁻). Compounds of non-metals "
                 "only, such as CO₂ and CH₄, share electrons in covalent bonds.</p>")),
    DemoItem(
        "priya-salt-formula-q", PRIYA, "ionic-covalent-bonds", "question",
        "The formula of table salt",
        short("<p>Write the chemical formula of table salt (sodium chloride).</p>", ["NaCl"],
              "<p><strong>NaCl</strong>: one sodium ion, Na⁺, for every chloride ion, Cl⁻. "
              "Capital letters matter in formulas: each element symbol starts with a capital, "
              "so NACL or nacl would not be read as sodium chloride.</p>",
              case_sensitive=True)),
    DemoItem("priya-acids-note", PRIYA, "acids-bases", "note",
             "Acids, bases and the pH scale", note(_ACIDS), target=Target.PENDING),
]

# -- Daniel Reyes: statistics and SAT maths ---------------------------------------------------

_DESCRIPTIVE = r"""
<p>A data set is a list of numbers; descriptive statistics squeeze it into a few numbers that
tell its story. Two questions matter most: <em>where is the middle?</em> (the centre) and
<em>how spread out are the values?</em> (the spread).</p>
<p>Throughout this note we use one small data set: the points a basketball player scored in
her last seven games.</p>
<table>
<thead><tr><th>Game</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>6</th><th>7</th></tr></thead>
<tbody><tr><td>Points</td><td>12</td><td>15</td><td>11</td><td>32</td><td>14</td><td>15</td><td>13</td></tr></tbody>
</table>
<h2>Measures of centre</h2>
<ul>
<li><strong>Mean:</strong> add everything up and divide by how many values there are,
$\bar x = \dfrac{1}{n}\sum_{i=1}^{n} x_i$. Here $\bar x = 112/7 = 16$.</li>
<li><strong>Median:</strong> the middle value once the data are sorted. Sorted, the points are
11, 12, 13, <strong>14</strong>, 15, 15, 32, so the median is 14. With an even number of
values, take the mean of the middle two.</li>
<li><strong>Mode:</strong> the most frequent value, 15.</li>
</ul>
<p>Why do the mean (16) and the median (14) disagree? One big game of 32 points pulls the mean
up; the median does not care how far out the largest value is. Leave that game out and the mean
drops to 13.3, while the median barely moves, to 13.5. When a data set has outliers or is skewed
(house prices, salaries, streaming numbers) the median is usually the more honest "typical
value".</p>
<h2>Measures of spread</h2>
<p>The <strong>range</strong> is the largest value minus the smallest: $32 - 11 = 21$. It is
easy to find but depends on two values only. The <strong>standard deviation</strong> uses every
value; roughly, it is the typical distance of a value from the mean:</p>
$$s = \sqrt{\frac{1}{n-1}\sum_{i=1}^{n}(x_i - \bar x)^2}$$
<h3>Worked example</h3>
<ol>
<li>Deviations from the mean 16: −4, −1, −5, 16, −2, −1, −3 (they always add up to zero).</li>
<li>Their squares: 16, 1, 25, 256, 4, 1, 9, which add up to 312.</li>
<li>Divide by $n - 1 = 6$: the variance is $s^2 = 52$.</li>
<li>Take the square root: $s = \sqrt{52} \approx 7.2$ points.</li>
</ol>
<p>For a <em>sample</em> we divide by $n-1$ rather than $n$, which corrects for measuring the
deviations from the sample's own mean. Calculators label the two versions $s$ (or
$\sigma_{n-1}$) and $\sigma$ (or $\sigma_n$).</p>
<h2>Which summary when?</h2>
<table>
<thead><tr><th>Data</th><th>Centre</th><th>Spread</th></tr></thead>
<tbody>
<tr><td>Roughly symmetric, no outliers</td><td>mean</td><td>standard deviation</td></tr>
<tr><td>Skewed, or with outliers</td><td>median</td><td>interquartile range</td></tr>
<tr><td>Categories (favourite music genre)</td><td>mode</td><td>–</td></tr>
</tbody>
</table>
"""

_PROBABILITY = r"""
<p>Probability measures how likely an event is, on a scale from 0 (impossible) to 1 (certain).
All of statistics starts here: every poll's margin of error and every test of a new medicine is
built on these few rules.</p>
<h2>The vocabulary</h2>
<ul>
<li>An <strong>experiment</strong> is anything with an uncertain result: tossing a coin,
rolling a die, asking a random voter.</li>
<li>An <strong>outcome</strong> is one possible result, and the <strong>sample space</strong>
$S$ is the set of all of them.</li>
<li>An <strong>event</strong> is a set of outcomes, such as "the die shows an even number",
$A = \{2, 4, 6\}$.</li>
</ul>
<h2>Equally likely outcomes</h2>
<p>When every outcome of an experiment is equally likely, the probability of an event $A$ is</p>
$$P(A) = \frac{\text{number of outcomes in } A}{\text{total number of outcomes}}.$$
<p>Rolling a fair die, the sample space is $\{1,2,3,4,5,6\}$, so
$P(\text{even}) = 3/6 = 1/2$.</p>
<h2>The rules</h2>
<table>
<thead><tr><th>Rule</th><th>Formula</th><th>When</th></tr></thead>
<tbody>
<tr><td>Complement</td><td>$P(\text{not } A) = 1 - P(A)$</td><td>always</td></tr>
<tr><td>Addition</td><td>$P(A \cup B) = P(A) + P(B) - P(A \cap B)$</td><td>always</td></tr>
<tr><td>Addition, mutually exclusive</td><td>$P(A \cup B) = P(A) + P(B)$</td>
<td>$A$ and $B$ cannot both happen</td></tr>
<tr><td>Multiplication, independent</td><td>$P(A \cap B) = P(A)\,P(B)$</td>
<td>one does not affect the other</td></tr>
</tbody>
</table>
<h3>Why subtract the overlap?</h3>
<p>Draw one card from a standard deck of 52. $P(\text{heart}) = 13/52$ and
$P(\text{king}) = 4/52$, but the king of hearts was counted twice, so</p>
$$P(\text{heart or king}) = \frac{13}{52} + \frac{4}{52} - \frac{1}{52}
= \frac{16}{52} = \frac{4}{13}.$$
<h2>Two dice: a sample space you can see</h2>
<p>Roll two fair dice and add the scores. There are $6 \times 6 = 36$ equally likely outcomes,
but the sums are <em>not</em> equally likely:</p>
<table>
<thead><tr><th>Sum</th><th>2</th><th>3</th><th>4</th><th>5</th><th>6</th><th>7</th><th>8</th><th>9</th><th>10</th><th>11</th><th>12</th></tr></thead>
<tbody><tr><td>Ways</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>5</td><td>4</td><td>3</td><td>2</td><td>1</td></tr></tbody>
</table>
<p>So $P(7) = 6/36 = 1/6$: seven is the most likely sum, which is why it matters so much in
board games.</p>
<h2>"At least one": use the complement</h2>
<p>What is the chance of at least one six in four rolls of a die? Counting every way to get
one, two, three or four sixes is painful. The complement, no six at all, is easy because the
rolls are independent:</p>
$$P(\text{at least one six}) = 1 - \left(\tfrac56\right)^4 \approx 1 - 0.482 = 0.518.$$
<blockquote><p><strong>The gambler's fallacy:</strong> after five heads in a row, the next toss
of a fair coin still comes up heads with probability $\tfrac12$. Coins have no memory;
independent events do not "balance out" in the short run.</p></blockquote>
"""

STATISTICS: list[DemoItem] = [
    DemoItem("daniel-descriptive-note", DANIEL, "descriptive-statistics", "note",
             "Mean, median and standard deviation", note(_DESCRIPTIVE)),
    DemoItem(
        "daniel-median-q", DANIEL, "descriptive-statistics", "question",
        "The median of a small data set",
        single("<p>What is the median of 3, 9, 4, 7, 12, 5?</p>", ["5", "6", "7", "6.67"], 1,
               "<p>Sort first: 3, 4, 5, 7, 9, 12. With six values the median is the mean of "
               "the middle two, (5 + 7) / 2 = 6. (6.67 is the mean, 40 / 6.)</p>")),
    DemoItem(
        "daniel-outlier-q", DANIEL, "descriptive-statistics", "question",
        "What an outlier does",
        multiple("<p>A group's test scores are 61, 64, 66, 70 and 72. A sixth student, who "
                 "missed most of the course, scores 15. Which statements are true once that "
                 "score is added?</p>",
                 ["The mean decreases.", "The median decreases.", "The range increases.",
                  "The median stays exactly the same."], [0, 1, 2],
                 "<p>The mean drops from 66.6 to 58.0. The median moves from 66 to (64 + 66) / 2 "
                 "= 65: it changes, but only a little, because the median resists outliers. The "
                 "range grows from 11 to 57.</p>")),
    DemoItem("daniel-probability-note", DANIEL, "probability-basics", "note",
             "Probability: the basic rules", note(_PROBABILITY)),
    DemoItem(
        "daniel-two-heads-q", DANIEL, "probability-basics", "question", "Two heads in a row",
        numeric("<p>A fair coin is tossed twice. What is the probability of two heads? Give "
                "your answer as a decimal.</p>", 0.25, 0.001, "",
                r"""<p>The tosses are independent, so
                $P(HH) = \tfrac12 \times \tfrac12 = \tfrac14 = 0.25$. Or list the sample space,
                HH, HT, TH, TT: one outcome in four.</p>""")),
    DemoItem(
        "daniel-exclusive-q", DANIEL, "probability-basics", "question",
        "Events that cannot happen together",
        short("<p>Two events that cannot both happen at the same time are called mutually "
              "<em>what</em>? (one word)</p>", ["exclusive"],
              r"""<p><strong>Mutually exclusive</strong>, like rolling a 2 and rolling a 5 with
              one die. For such events $P(A \cap B) = 0$, so the addition rule simplifies to
              $P(A \cup B) = P(A) + P(B)$.</p>""")),
    DemoItem(
        "daniel-three-rolls-q", DANIEL, "probability-basics", "question",
        "At least one six in three rolls",
        numeric("<p>A fair die is rolled three times. What is the probability of getting at "
                "least one six? Round to three decimal places.</p>", 0.421, 0.001, "",
                r"""<p>Use the complement: $P(\text{no six}) = \left(\tfrac56\right)^3 =
                \tfrac{125}{216}$, so $P(\text{at least one six}) = 1 - \tfrac{125}{216} =
                \tfrac{91}{216} \approx 0.421$.</p>"""),
        target=Target.PENDING),
    DemoItem(
        "daniel-linear-q", DANIEL, "linear-equations", "question", "Solve a linear equation",
        numeric("<p>Solve $3x - 7 = 11$ for $x$.</p>", 5, 0, "",
                "<p>Add 7 to both sides and divide by 3.</p>"),
        target=Target.REJECTED,
        feedback="The answer key is wrong: 3x − 7 = 11 gives 3x = 18, so x = 6, not 5. Please "
                 "fix it and show both steps in the explanation, so a learner who got it wrong "
                 "can see where."),
]

# Reading order under a topic is the order of creation: notes first, then what practises them.
ITEMS: list[DemoItem] = [*PHYSICS, *MATHS, *CHEMISTRY, *STATISTICS]
