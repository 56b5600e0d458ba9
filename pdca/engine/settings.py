"""Rule settings from pdca.yaml `rules:`: each rule's severity and parameters, and the escalation
thresholds, validated once per register.  The linter, `export` and `status` all read them from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from pdca import i18n
from pdca.domain.closed_loop import DEFAULT_THRESHOLDS, ESCALATIONS, whole_days
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.register import Register
from pdca.rules import RULES

_SEVERITIES = {s.value: s for s in Severity}


@dataclass
class RuleSettings:
    severity: dict[str, Severity] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)


def settings(register: Register) -> tuple[RuleSettings, list[Diagnostic]]:
    """Severities and parameters of every rule for this register, and what is wrong with `rules:`
    (worked out once per register)."""
    found = _MEMO.get(register)
    if found is None:
        found = _MEMO[register] = _settings(register)
    return found


_MEMO: WeakKeyDictionary[Register, tuple[RuleSettings, list[Diagnostic]]] = WeakKeyDictionary()


def _settings(register: Register) -> tuple[RuleSettings, list[Diagnostic]]:
    result = RuleSettings(
        {name: rule.SEVERITY for name, rule in RULES.items()},
        {name: dict(rule.PARAMS) for name, rule in RULES.items()},
    )
    problems: list[Diagnostic] = []

    def problem(path: tuple[str | int, ...], message_id: str, **params: Any) -> None:
        problems.append(Diagnostic("pdca.yaml", None, None, "schema", Severity.ERROR,
                                   i18n.Msg(message_id, params), register=register.name,
                                   path=("rules", *path)))

    configured = register.config.rules if register.config else {}
    for name, value in configured.items():
        if name == "escalation":
            _check_escalation(value, problem)
            continue
        rule = RULES.get(name)
        if rule is None:
            problem((name,), "config.rule_unknown", rule=name, hint=i18n.suggest(RULES, str(name)))
            continue
        if isinstance(value, str):
            value = {"severity": value}
        if not isinstance(value, dict):
            problem((name,), "config.rule_severity", rule=name, got=value)
            continue
        for key, setting in value.items():
            if key == "severity":
                severity = _SEVERITIES.get(setting) if isinstance(setting, str) else None
                if severity is None:
                    problem((name, key), "config.rule_severity", rule=name, got=setting)
                elif severity is Severity.OFF and getattr(rule, "FIXED", False):
                    problem((name, key), "config.fixed_rule", rule=name)
                else:
                    result.severity[name] = severity
            elif key not in rule.PARAMS:
                problem((name, key), "config.rule_param", rule=name, param=key,
                        hint=i18n.suggest(rule.PARAMS, str(key)))
            elif type(setting) is not type(rule.PARAMS[key]) or (isinstance(setting, int) and setting < 1):
                problem((name, key), "config.rule_param_type", rule=name, param=key,
                        expected=type(rule.PARAMS[key]).__name__)
            else:
                result.params[name][key] = setting
    return result, problems


def _check_escalation(value: Any, problem: Any) -> None:
    if not isinstance(value, dict):
        problem(("escalation",), "config.escalation", step="escalation")
        return
    for step, setting in value.items():
        if step not in ESCALATIONS or not whole_days(setting):
            problem(("escalation", step), "config.escalation", step=step)
    merged = {**DEFAULT_THRESHOLDS, **{k: v for k, v in value.items() if isinstance(v, int)}}
    days = [merged[step] for step in ESCALATIONS]
    if days != sorted(set(days)):
        problem(("escalation",), "config.escalation_order")


