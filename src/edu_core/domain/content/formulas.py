"""LaTeX formulas as readable plain text, for places that show text rather than typeset math:
search snippets and excerpts. ``E_k = \\tfrac{1}{2} m v^2`` reads ``Eₖ = 1/2 m v²``; what has
no plain-text form keeps its letters without the markup."""

# ruff: noqa: RUF001  (the Greek letters and math symbols are the point of this module)
import re

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "equiv": "≡",
    "propto": "∝", "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏",
    "int": "∫", "oint": "∮", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "Leftrightarrow": "⇔", "mapsto": "↦", "in": "∈", "notin": "∉",
    "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅", "forall": "∀",
    "exists": "∃", "circ": "∘", "degree": "°", "angle": "∠", "perp": "⊥", "parallel": "∥",
    "ldots": "…", "cdots": "⋯", "dots": "…", "hbar": "ħ", "ell": "ℓ", "prime": "′",
}
_SPACES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " "}
_SUP = dict(zip("0123456789+-=()nix", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣ", strict=True))
_SUB = dict(zip("0123456789+-=()aeiklmnoprstx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₖₗₘₙₒₚᵣₛₜₓ", strict=True))
_DROPPED = frozenset({"left", "right", "big", "Big", "bigg", "Bigg", "displaystyle",
                      "textstyle", "limits", "nolimits"})
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0

    def group(self) -> str:
        """The next argument: a braced group or a single token, as text."""
        while self.at < len(self.source) and self.source[self.at] == " ":
            self.at += 1
        if self.at >= len(self.source):
            return ""
        if self.source[self.at] == "{":
            depth, start = 0, self.at
            while self.at < len(self.source):
                char = self.source[self.at]
                depth += (char == "{") - (char == "}")
                self.at += 1
                if depth == 0:
                    break
            return self.read(self.source[start + 1:self.at - 1])
        if self.source[self.at] == "\\":
            found = _COMMAND.match(self.source, self.at)
            if found is None:  # a lone backslash at the end
                self.at = len(self.source)
                return ""
            self.at = found.end()
            return self.command(found.group(1))
        self.at += 1
        return self.source[self.at - 1]

    def command(self, name: str) -> str:
        if name in ("frac", "tfrac", "dfrac", "cfrac"):
            top, bottom = self.group(), self.group()
            return f"{_wrap(top)}/{_wrap(bottom)}"
        if name == "sqrt":
            return f"√{_wrap(self.group())}"
        if name in ("text", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "textbf",
                    "textit", "operatorname", "mathbb", "mathcal", "boldsymbol", "vec",
                    "hat", "bar", "overline", "underline", "dot", "ddot", "tilde"):
            return self.group()
        if name in _SPACES:
            return _SPACES[name]
        if name in _DROPPED:
            return ""
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        # Operator names (\sin, \log, \max) read as words.
        return f" {name} " if name.isalpha() else name

    def read(self, source: str) -> str:
        inner = _Reader(source)
        out: list[str] = []
        while inner.at < len(source):
            char = source[inner.at]
            if char in "^_":
                inner.at += 1
                out.append(_script(inner.group(), _SUP if char == "^" else _SUB, char))
            elif char in "{}":
                inner.at += 1
            elif char.isspace() or char in "&~":
                inner.at += 1
                out.append(" ")
            else:
                out.append(inner.group())
        return "".join(out)


def _wrap(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 1 or re.fullmatch(r"[\w.′]+", text) else f"({text})"


def _script(text: str, table: dict[str, str], marker: str) -> str:
    text = text.strip()
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{marker}{_wrap(text)}"


def latex_to_text(latex: str) -> str:
    """A readable plain-text form of a LaTeX formula."""
    text = _Reader(latex).read(latex.replace("\\\\", " "))
    return " ".join(text.split())
