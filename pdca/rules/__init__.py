"""The rule registry: one module per rule, keyed by its kebab-case name.

Each rule module has NAME, CODE, SEVERITY (the default), PARAMS (parameters with their defaults) and a
docstring that is the user's documentation.  Rules with a ``check(ctx)`` function run over a loaded
register; the others are reported by the loader while reading files.  ``FIXED = True`` marks a rule
that cannot be switched off (without it nothing else can be checked).
"""

from __future__ import annotations

from types import ModuleType

from pdca.rules import (
    action_pending,
    campaign_item_empty,
    date_order,
    decision_overdue,
    dossier_recipients,
    dossier_rekey,
    dossier_retention,
    dossier_unencrypted,
    duplicate_id,
    duplicate_key,
    empty_file,
    encoding,
    extension_irregular,
    finding_accountability,
    finding_overdue,
    interrupted_edit,
    invalid_date,
    legal_liability_impact,
    lesson_missing,
    level_mismatch,
    matrix_monotone,
    measure_overdue,
    override_lowers_level,
    override_no_effect,
    person_reference,
    personal_data,
    pledge_missing,
    post_without_risk,
    power_without_risk,
    powers_unreviewed,
    repeat_doubtful,
    repeat_suspected,
    review_stale,
    schema,
    score_out_of_range,
    secret_in_yaml,
    self_check_missing,
    stage_gate,
    stage_stalled,
    status_incomplete,
    talk_missing,
    talk_unlinked,
    unknown_reference,
    verification_pending,
    waiver_expired,
    waiver_unused,
    yaml_syntax,
)

RULES: dict[str, ModuleType] = {
    module.NAME: module
    for module in (
        yaml_syntax,
        encoding,
        duplicate_key,
        schema,
        invalid_date,
        empty_file,
        interrupted_edit,
        duplicate_id,
        unknown_reference,
        score_out_of_range,
        level_mismatch,
        override_lowers_level,
        override_no_effect,
        legal_liability_impact,
        matrix_monotone,
        stage_gate,
        status_incomplete,
        date_order,
        post_without_risk,
        measure_overdue,
        review_stale,
        finding_overdue,
        finding_accountability,
        repeat_suspected,
        repeat_doubtful,
        action_pending,
        extension_irregular,
        verification_pending,
        self_check_missing,
        stage_stalled,
        pledge_missing,
        lesson_missing,
        talk_missing,
        talk_unlinked,
        decision_overdue,
        power_without_risk,
        powers_unreviewed,
        campaign_item_empty,
        waiver_expired,
        waiver_unused,
        secret_in_yaml,
        personal_data,
        person_reference,
        dossier_unencrypted,
        dossier_recipients,
        dossier_rekey,
        dossier_retention,
    )
}


def get(name: str) -> ModuleType:
    try:
        return RULES[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, RULES, n=1)
        raise KeyError(f"unknown rule {name!r}" + (f"; did you mean {close[0]!r}?" if close else "")) from None
