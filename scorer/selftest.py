"""Running the rulebook's own examples: every example must yield the verdict it is filed under."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .document_builder import parse_text
from .rules.model import Rule, Rulebook
from .scoring import score_document


@dataclass
class ExampleOutcome:
    rule: Rule
    expected: str
    got: str
    text: str

    @property
    def ok(self) -> bool:
        return self.expected == self.got


def run_examples(rulebook: Rulebook, rule_ids: set[str] | None = None) -> list[ExampleOutcome]:
    """Score each example as a small report of its own, against the rule it belongs to."""
    out: list[ExampleOutcome] = []
    for rule in rulebook.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        single = replace(rulebook, rules=[rule])
        for expected, texts in rule.examples.items():
            for text in texts:
                result = score_document(parse_text(text, f"<{rule.id} example>"), single)
                out.append(ExampleOutcome(rule, expected, result.rules[0].status, text))
    return out
