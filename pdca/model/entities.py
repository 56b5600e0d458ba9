"""The register's data as pydantic models: pdca.yaml, risks, measures, checks, findings, activities.

No I/O here.  Field names are the contract of register-format.md.  Every model forbids unknown keys
(a typo is an error with a "did you mean"), numbers are accepted where free text is expected, and
dates must be real calendar dates written YYYY-MM-DD.

Over 400 lines on purpose: the models are the file format, and one file read top to bottom is
the whole format (register-format.md follows its order); splitting it would split the contract.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pdca.model.layout import FOLDERS

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


#: text -> the date it names: a register writes the same few hundred days over and over, and a date
#: does not change, so entities share one (520,000 dates of 32 bytes at 50,000 risks); bounded
_DATES: dict[str, dt.date] = {}
_DATES_BOUND = 20_000


def _parse_date(value: Any) -> Any:
    if value.__class__ is str and (known := _DATES.get(value)) is not None:
        return known
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("pdca_calendar", "{value} is not a date on the calendar", {"value": value}) from None
        if len(_DATES) < _DATES_BOUND:
            _DATES[value] = date
        return date
    raise PydanticCustomError("pdca_date", "expected a date written YYYY-MM-DD, got {value!r}", {"value": value})


def _as_text(value: Any) -> Any:
    """A number where text is expected stands for its own characters: `evidence: 2024.10` is the
    text 2024.10, `id: 007` is 007 (YAML reads them as numbers; the register means the text)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return getattr(value, "source", None) or str(value)
    return value


#: characters that show as nothing though they are not spaces (Hangul fillers, the braille blank)
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _shows_nothing(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Cc", "Mn", "Me")


def _not_blank(value: Any) -> Any:
    """Text that shows nothing says nothing: a reason, a reference or a name must say something (only
    spaces, zero-width characters or fillers is blank)."""
    if isinstance(value, str) and value and all(_shows_nothing(ch) for ch in value):
        raise PydanticCustomError("pdca_blank", "must not be blank", {})
    return value


def _none_as_empty(value: Any) -> Any:
    """`findings:` with nothing under it is an empty list, as a person writing YAML means it."""
    return [] if value is None else value


Many = BeforeValidator(_none_as_empty)
Date = Annotated[dt.date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date"})]
Id = Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=100, pattern=r"^[^\s]+$")]

#: names Windows keeps for devices, whatever follows a dot (CON.yaml is the console there)
_DEVICES = re.compile(r"(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3]|CONIN\$|CONOUT\$)\Z",
                      re.IGNORECASE)
_NOT_IN_NAMES = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_NAME_BYTES = 200  # with ".yaml" and a temp file's ".<name>.pdca-xxxxxxxx.tmp", within 255 bytes


def _file_name(value: str) -> str:
    """An id that names a file (an area's risks/<id>.yaml) must be a plain file name on every system
    a register is kept on: no folder in it, no way out of the folder, nothing Windows refuses."""
    why = None
    if _NOT_IN_NAMES.search(value):
        why = "character"
    elif value.startswith("."):
        why = "dot"
    elif value.endswith("."):
        why = "end"
    elif _DEVICES.match(value.split(".")[0]):
        why = "device"
    elif len(value.encode("utf-8", "surrogatepass")) > _NAME_BYTES:
        why = "long"
    if why is not None:
        raise PydanticCustomError("pdca_file_name", "{value} cannot name a file ({why})", {"value": value, "why": why})
    return value


def is_file_name(value: str) -> bool:
    """Whether an id can name a file as it is (dossier/<person>.yaml), on every system."""
    try:
        _file_name(value)
    except PydanticCustomError:
        return False
    return True


#: an id that becomes a file name (area ids): an Id that is also a plain, portable file name
FileId = Annotated[
    Id,
    AfterValidator(_file_name),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 100,
                    "pattern": r'^(?![.])[^\s/\\:*?"<>|\x00-\x1f\x7f]*[^\s/\\:*?"<>|\x00-\x1f\x7f.]$'}),
]
Text = Annotated[str, BeforeValidator(_not_blank), BeforeValidator(_as_text), Field(min_length=1)]
Prose = Annotated[str, BeforeValidator(_as_text)]

LINES = {"before": "before", "during": "during", "after": "after", "事前": "before", "事中": "during", "事后": "after"}


def _normalise_line(value: Any) -> Any:
    return LINES.get(value, value) if isinstance(value, str) else value


Line = Annotated[
    Literal["before", "during", "after"],
    BeforeValidator(_normalise_line),
    WithJsonSchema({"enum": list(LINES)}),
]
Stage = Literal["P", "D", "C", "A"]
STAGES: tuple[Stage, ...] = ("P", "D", "C", "A")
Dimension = Literal["职业道德", "岗位职责", "业务流程", "制度机制", "内外部环境"]
DIMENSIONS: tuple[str, ...] = ("职业道德", "岗位职责", "业务流程", "制度机制", "内外部环境")
MeasureKind = Literal["制度", "流程", "教育", "监督", "技术", "第三方"]
MeasureStatus = Literal["planned", "in_progress", "done", "dropped"]
FindingStatus = Literal["open", "rectifying", "done", "closed"]
UNFINISHED: tuple[FindingStatus, ...] = ("open", "rectifying")  # 待整改, 整改中: the unit still owes the work
COMPLETED: tuple[FindingStatus, ...] = ("done", "closed")  # 整改完成 (declared), 已销号 (verified)
Source = Literal["巡视巡察", "审计", "内控合规评价", "安全生产检查", "大党建检查", "物资检查", "自查自验", "信访举报", "日常监督"]
SOURCES: tuple[str, ...] = ("巡视巡察", "审计", "内控合规评价", "安全生产检查", "大党建检查", "物资检查", "自查自验",
                            "信访举报", "日常监督")
Level = Annotated[StrictInt, Field(ge=1, le=3)]
Score = Annotated[StrictInt, Field(ge=1)]


class _SharedNames(set[str]):
    """The names of the fields a file wrote for an entity (pydantic's `model_fields_set`), one set for
    every entity that wrote the same ones: pydantic gives each entity a set of its own, 200-2,300 bytes,
    which at 50,000 risks came to 257 MB, more than the rest of the models together.  Shared, it must
    not change: `Model.__setattr__` gives an entity its own copy before pydantic adds to it, a copy of
    the entity (`model_copy`) gets a plain set, and changing one in place is refused."""

    __slots__ = ()

    def __copy__(self) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:  # pickled as the plain set it stands for
        return set, (list(self),)

    def _shared(self, *args: object) -> Any:
        raise TypeError("a shared set of field names does not change: copy it first")

    add = discard = remove = pop = clear = update = _shared
    difference_update = intersection_update = symmetric_difference_update = _shared
    __ior__ = __iand__ = __isub__ = __ixor__ = _shared


#: frozenset of field names -> the one set entities with those fields share; bounded, so that a file
#: whose every entry writes other fields costs no more than before
_NAMES: dict[frozenset[str], _SharedNames] = {}
_NAMES_BOUND = 4096


class Model(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True, frozen=False)

    def model_post_init(self, context: Any, /) -> None:
        names = self.__pydantic_fields_set__
        shared = _NAMES.get(key := frozenset(names))
        if shared is None:
            if len(_NAMES) >= _NAMES_BOUND:
                return
            shared = _NAMES[key] = _SharedNames(names)
        object.__setattr__(self, "__pydantic_fields_set__", shared)

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__pydantic_fields_set__.__class__ is _SharedNames:  # pydantic adds `name` to it: make it this entity's
            object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)


@dataclass(frozen=True, slots=True)
class Where:
    """Where an entity was read: the file relative to the register root and its key path."""

    file: str
    path: tuple[str | int, ...]


class Located(Model):
    """An entity read from a file (risk, measure, check, finding, activity); `Register.where` says where."""

    id: Id


# --- pdca.yaml -------------------------------------------------------------------------------


class Cycle(Model):
    id: Id
    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> Cycle:
        if self.end < self.start:
            raise PydanticCustomError("pdca_cycle_order", "the cycle ends before it starts", {})
        return self


class Department(Model):
    id: Id
    name: Text
    reviewers: Annotated[list[Text], Many] = Field(default_factory=list, description="git usernames or teams who review changes")
    self_check: StrictBool = Field(
        default=True,
        description="false for a body with no duty to hold a half-year 自查自验 (e.g. 公司领导班子): it is never "
        "listed as not having held one",
    )
    head: Id | None = Field(
        default=None, description="the post (posts[].id) that heads the department (部门负责人): a 廉洁谈话 with it "
        "covers the department")


class Area(Model):
    id: FileId = Field(description="also the name of the area's risks file (risks/<id>.yaml): a plain file name")
    name: Text
    prefix: FileId | None = Field(default=None, description="prefix of new risk ids in this area, e.g. CG")


class Post(Model):
    id: Id
    name: Text
    department: Id
    powers: Annotated[list[Text], Many] = Field(default_factory=list)
    key: StrictBool | None = Field(
        default=None, description="a key post (重点岗位) whose holders sign the 廉洁从业承诺书; default: a post that "
        "holds powers")

    @property
    def is_key(self) -> bool:
        return self.key if self.key is not None else bool(self.powers)


DEFAULT_LIKELIHOOD = ["极低", "低", "中", "高", "极高"]
DEFAULT_IMPACT = ["轻微", "一般", "较重", "严重", "特别严重"]
DEFAULT_MATRIX = [
    [1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1],
    [3, 2, 2, 1, 1],
    [3, 2, 2, 1, 1],
    [3, 3, 3, 1, 1],
]


class Criteria(Model):
    """What each score means in this organisation, one sentence per score (scale order, 1 first)."""

    likelihood: Annotated[list[Prose], Many] = Field(default_factory=list)
    impact: Annotated[list[Prose], Many] = Field(default_factory=list)


class Scoring(Model):
    likelihood: list[Text] = Field(default_factory=lambda: list(DEFAULT_LIKELIHOOD), min_length=1)
    impact: list[Text] = Field(default_factory=lambda: list(DEFAULT_IMPACT), min_length=1)
    matrix: list[list[Level]] = Field(
        default_factory=lambda: [row[:] for row in DEFAULT_MATRIX],
        description="rows: likelihood from the highest down to 1; columns: impact 1 upwards; cells: level 1..3",
    )
    criteria: Criteria | None = Field(
        default=None,
        description="written scoring criteria: a sentence per likelihood and impact score, 1 first "
        "(what a 4 means here); shown by pdca explain and the register report",
    )

    @model_validator(mode="after")
    def _matrix_fits_scales(self) -> Scoring:
        rows, columns = len(self.likelihood), len(self.impact)
        if len(self.matrix) != rows or any(len(row) != columns for row in self.matrix):
            raise PydanticCustomError(
                "pdca_matrix_shape",
                "the matrix must have {rows} rows (likelihood) of {columns} cells (impact)",
                {"rows": rows, "columns": columns},
            )
        criteria = self.criteria
        if criteria is not None:
            for scale, sentences, size in (("likelihood", criteria.likelihood, rows),
                                           ("impact", criteria.impact, columns)):
                if sentences and len(sentences) != size:
                    raise PydanticCustomError(
                        "pdca_criteria_size",
                        "scoring criteria for {scale} must give one sentence per score ({size})",
                        {"scale": scale, "size": size, "got": len(sentences)},
                    )
        return self


class Waiver(Model):
    """An accepted exception: diagnostics of `rule` about `target` are shown as waived until `until`."""

    rule: Text
    target: Id
    reason: Text
    until: Date
    approver: Text


class Issuer(Model):
    """Who issues the reports (公文): 发文机关, 发文字号, 主送, 抄送, 红头."""

    name: Text = Field(description="发文机关 and 落款, e.g. 中共X公司纪律检查委员会")
    number: Text | None = Field(
        default=None, description="发文字号 pattern, e.g. X纪〔{year}〕{n}号; `pdca report --number N` fills {n}")
    to: Text | None = Field(default=None, description="主送, e.g. 公司各部门、各场站")
    cc: Annotated[list[Text], Many] = Field(default_factory=list, description="抄送 (版记)")
    red_header: StrictBool = Field(default=False, description="print the red 发文机关标志 and rule (红头)")

    @field_validator("number")
    @classmethod
    def _number_pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.format(year=2024, n=1)
            except (KeyError, IndexError, ValueError, AttributeError):
                raise PydanticCustomError(
                    "pdca_number_pattern", "the 发文字号 pattern may use only {{year}} and {{n}}", {}) from None
        return value


# --- pdca.yaml: reminders (pdca remind) ------------------------------------------------------
# Where reminders go.  Secrets are never written here: only the names of the environment variables
# that hold them (`*_env`).  Those names are plain text to the schema on purpose, so that a key
# pasted in their place is never quoted back by a schema error; rule secret-in-yaml judges them.

EnvName = Annotated[str, BeforeValidator(_not_blank), BeforeValidator(_as_text), Field(min_length=1, max_length=200)]


def _addresses(value: Any) -> Any:
    """One address may be written without a list."""
    return [value] if isinstance(value, str) else value


Addresses = Annotated[list[Text], BeforeValidator(_addresses), Field(min_length=1)]


class WecomRobot(Model):
    """A 企业微信 group robot."""

    webhook_env: EnvName = Field(description="the environment variable holding the robot's webhook address (or its key)")


class DingTalkRobot(Model):
    """A 钉钉 custom robot."""

    webhook_env: EnvName = Field(description="the environment variable holding the webhook address (or its access_token)")
    secret_env: EnvName | None = Field(
        default=None, description="the environment variable holding the signing secret (加签, SEC...), when the robot has one")


class WecomRoutes(Model):
    departments: dict[Id, WecomRobot] = Field(
        default_factory=dict, description="department id -> the robot of its group chat (gets that department's digest)")
    users: dict[Text, Text] = Field(
        default_factory=dict, description="owner as the register writes it -> 企业微信 userid, to @ them in their group")


class DingTalkRoutes(Model):
    departments: dict[Id, DingTalkRobot] = Field(
        default_factory=dict, description="department id -> the robot of its group chat (gets that department's digest)")
    users: dict[Text, Text] = Field(
        default_factory=dict, description="owner as the register writes it -> 钉钉 userid, to @ them in their group")


class SmtpSettings(Model):
    host: Text
    port: Annotated[StrictInt, Field(ge=1, le=65535)] | None = Field(
        default=None, description="default: 587, 465 or 25 by security")
    security: Literal["starttls", "ssl", "plain"] = Field(
        default="starttls", description="plain (no TLS) only for a relay on the same host or network; never with a password")
    sender: Text = Field(description="the From address")
    sender_name: Text | None = None
    user: Text | None = Field(default=None, description="the login, with password_env")
    password_env: EnvName | None = Field(default=None, description="the environment variable holding the SMTP password")

    @model_validator(mode="after")
    def _login_whole(self) -> SmtpSettings:
        if (self.user is None) != (self.password_env is None):
            raise PydanticCustomError("pdca_smtp_login", "give both user and password_env to log in, or neither", {})
        return self


class MailRoutes(Model):
    server: SmtpSettings
    owners: dict[Text, Addresses] = Field(
        default_factory=dict, description="owner as the register writes it -> mail addresses (gets that owner's digest)")
    departments: dict[Id, Addresses] = Field(
        default_factory=dict, description="department id -> its leader's mail addresses (gets that department's digest)")


class Reminders(Model):
    """`pdca remind`: which items count and when each is sent (fixed offsets, so a daily job needs no
    memory of what it sent), and where digests go."""

    within: Annotated[StrictInt, Field(ge=0, le=366)] = Field(
        default=7, description="days ahead: a deadline this close is due soon (--within)")
    before: Annotated[list[Annotated[StrictInt, Field(ge=0, le=366)]], Many] = Field(
        default_factory=lambda: [7, 1], description="remind of a coming deadline this many days before it (T-7, T-1)")
    every: Annotated[StrictInt, Field(ge=1, le=366)] = Field(
        default=7, description="remind of an overdue item, one awaiting 销号 and a suggested step not yet decided again "
        "every this many days")
    wecom: WecomRoutes | None = None
    dingtalk: DingTalkRoutes | None = None
    email: MailRoutes | None = None


# --- pdca.yaml: 专项整治 campaigns --------------------------------------------------------------


class CampaignItem(Model):
    """One named item of a campaign (one of the 19 问题清单, one 小切口), linked to what addresses it."""

    id: Id
    group: Text | None = Field(default=None, description="the aspect it belongs to (5个方面 之一), e.g. 委托服务管理")
    title: Text
    risks: Annotated[list[Id], Many] = Field(default_factory=list, description="risk points it concerns")
    findings: Annotated[list[Id], Many] = Field(default_factory=list, description="findings it raised")
    measures: Annotated[list[Id], Many] = Field(default_factory=list, description="measures that answer it")
    note: Prose | None = None


class Campaign(Model):
    """A 专项整治 campaign (e.g. 微权力靶向监督和微腐败专项治理: 5个方面19个问题清单, 7个小切口)."""

    id: Id
    name: Text
    start: Date | None = None
    end: Date | None = None
    items: Annotated[list[CampaignItem], Many] = Field(default_factory=list)


class DossierSettings(Model):
    """`dossier:` in pdca.yaml: who can read the 廉政档案 and how long its entries are kept."""

    recipients: Annotated[list[Annotated[str, BeforeValidator(_as_text)]], Many] = Field(
        default_factory=list,
        description="age public keys (age1...) or SSH public keys of the discipline office: every entry is "
        "encrypted to each of them (pdca dossier rekey after a change); never a secret key",
    )
    retention_years: Annotated[StrictInt, Field(ge=1, le=100)] = Field(
        default=5, description="entries older than this are flagged for deletion (rule dossier-retention); "
        "the 意见回复 covers this many years")


class Config(Model):
    schema_: Literal["pdca/v1"] = Field(alias="schema")
    organization: Text
    language: Literal["zh", "en"] = "zh"
    cycle: Cycle
    past_cycles: Annotated[list[Cycle], Many] = Field(
        default_factory=list,
        description="earlier cycles, oldest first (pdca cycle start appends the one it closes): reports "
        "may cover a period of any of them",
    )
    departments: Annotated[list[Department], Many] = Field(default_factory=list)
    areas: Annotated[list[Area], Many] = Field(default_factory=list)
    posts: Annotated[list[Post], Many] = Field(default_factory=list)
    issuer: Issuer | None = Field(default=None, description="who issues the reports (公文 版头, 主送, 落款, 版记)")
    scoring: Scoring = Field(default_factory=Scoring)
    campaigns: Annotated[list[Campaign], Many] = Field(
        default_factory=list, description="专项整治: named items, each linked to risks, findings or measures")
    rules: dict[str, Any] = Field(
        default_factory=dict,
        description="per-rule settings {severity: error|warning|off, ...parameters}, and escalation thresholds "
        "{escalation: {notice: 1, assessment: 31, accountability: 91}} in days overdue",
    )
    waivers: Annotated[list[Waiver], Many] = Field(default_factory=list)
    reminders: Reminders | None = Field(default=None, description="pdca remind: offsets and where digests go "
                                        "(secrets only as names of environment variables)")
    dossier: DossierSettings | None = Field(
        default=None, description="廉政档案: the recipients its entries are encrypted to, and their retention")


# --- risks/*.yaml ----------------------------------------------------------------------------


class Override(Model):
    level: Level
    reason: Text
    date: Date | None = Field(
        default=None,
        description="when the stricter level was decided; a report as of an earlier date uses the matrix "
        "level (no date: the override always applies)",
    )


class Retired(Model):
    date: Date
    reason: Text


class HistoryEntry(Model):
    stage: Stage
    date: Date
    note: Prose | None = None


class Measure(Located):
    title: Text
    line: Line
    kind: MeasureKind | None = None
    owner: Text | None = None
    due: Date | None = None
    status: MeasureStatus = "planned"
    done: Date | None = None
    evidence: Text | None = None
    note: Prose | None = None


class Risk(Located):
    title: Text
    area: Id
    department: Id | None = None
    post: Id | None = None
    power: Text | None = Field(
        default=None, description="the power of its post (posts[].powers) it arises from (权职目录)")
    owner: Text | None = None
    dimension: Dimension
    description: Prose | None = None
    process: Prose | None = None
    indicator: Prose | None = None
    leader: Text | None = None
    likelihood: Score | None = None
    impact: Score | None = None
    legal_liability: StrictBool = False
    level: Level | None = None
    override: Override | None = None
    stage: Stage = "P"
    identified: Date | None = None
    reviewed: Date | None = None
    retired: Retired | None = None
    tags: Annotated[list[Text], Many] = Field(default_factory=list)
    history: Annotated[list[HistoryEntry], Many] = Field(default_factory=list)
    measures: Annotated[list[Measure], Many] = Field(default_factory=list)


# --- checks/*.yaml ---------------------------------------------------------------------------


class Closed(Model):
    date: Date
    by: Text


class FindingEvent(Model):
    """A step in a finding's life that its fields alone do not show, e.g. a 退回补充 (returned)."""

    status: FindingStatus
    date: Date
    note: Prose | None = None
    by: Text | None = None


#: `repeat_of: none`: 纪检 looked at the suspicion of 屡查屡犯 and found it is not a repeat
NOT_A_REPEAT = "none"
ActionKind = Literal["notice", "assessment", "accountability"]
ACTION_KINDS: tuple[str, ...] = ("notice", "assessment", "accountability")
_ACTION_WORDS = {"通报": "notice", "考核": "assessment", "问责": "accountability"}


def _normalise_action(value: Any) -> Any:
    return _ACTION_WORDS.get(value, value) if isinstance(value, str) else value


class Extension(Model):
    """延期: an approved move of a finding's deadline."""

    until: Date = Field(description="the new deadline")
    approved_by: Text
    date: Date = Field(description="the day it was approved; it counts from then on")
    reason: Text


class Action(Model):
    """What was actually decided about a finding (the computed escalation is only a 建议)."""

    kind: Annotated[ActionKind, BeforeValidator(_normalise_action),
                    WithJsonSchema({"enum": [*ACTION_KINDS, *_ACTION_WORDS]})]
    date: Date
    ref: Text = Field(description="the document that records it: a 考核单 number, a 通报文号 ...")
    sheet: Id | None = Field(default=None, description="the 考核单 (assessments/*.yaml) it issued")
    by: Text | None = None
    note: Prose | None = None


class Finding(Located):
    risk: Id | None = None
    problem: Text
    task: Prose | None = None
    department: Id | None = None
    owner: Text | None = None
    leader: Text | None = None
    deadline: Date | None = None
    status: FindingStatus = "open"
    done: Date | None = None
    result: Text | None = None
    evidence: Text | None = None
    closed: Closed | None = None
    long_term: StrictBool = False
    repeat_of: Id | None = Field(
        default=None,
        description="the earlier finding this one repeats (屡查屡犯), as confirmed by 纪检; `none`: looked at, "
        "not a repeat",
    )
    extensions: Annotated[list[Extension], Many] = Field(
        default_factory=list, description="延期: approved moves of the deadline, oldest first")
    actions: Annotated[list[Action], Many] = Field(
        default_factory=list, description="what was decided: 通报 (notice), 考核 (assessment), 问责 (accountability)")
    history: Annotated[list[FindingEvent], Many] = Field(
        default_factory=list, description="appended by pdca finding return: who sent it back, when, why")


class Check(Located):
    source: Source
    title: Text
    date: Date
    period: Annotated[str, Field(pattern=r"^\d{4}H[12]$")] | None = Field(
        default=None,
        description="the half-year a 自查自验 covers, e.g. 2024H1, when it is held after the half ends "
        "(年中分析会 in early July); default: the half-year of its date",
    )
    departments: Annotated[list[Id], Many] = Field(default_factory=list)
    risks: Annotated[list[Id], Many] = Field(default_factory=list)
    note: Prose | None = None
    findings: Annotated[list[Finding], Many] = Field(default_factory=list)


# --- reports/<period>.yaml --------------------------------------------------------------------



def _paragraphs(value: Any) -> Any:
    """A block of text is its non-empty lines, each a paragraph; a list is a paragraph an item."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [] if value is None else value


Paragraphs = Annotated[list[Prose], BeforeValidator(_paragraphs)]


class Narrative(Model):
    """The office's own words for the report of one period (reports/2024-06.yaml for June's 通报,
    reports/2024H1.yaml for the half-year self-check, reports/2024.yaml for the cycle's review)."""

    problems: Paragraphs = Field(default_factory=list, description="存在的问题: a paragraph a line, or a list")
    next_steps: Paragraphs = Field(default_factory=list, description="下步工作")
    remarks: Paragraphs = Field(default_factory=list, description="领导批示 / 说明, printed before the body")


# --- activities/*.yaml -----------------------------------------------------------------------

ActivityKind = Literal["lesson", "theme_month", "warning_education", "integrity_talk", "reminder_talk",
                       "holiday_reminder", "initiative", "joint_supervision", "education"]
ACTIVITY_KINDS: tuple[str, ...] = ("lesson", "theme_month", "warning_education", "integrity_talk", "reminder_talk",
                                   "holiday_reminder", "initiative", "joint_supervision", "education")
#: the Chinese names of the kinds, and the words registers wrote while the kind was free text
ACTIVITY_WORDS = {
    "每月一课": "lesson", "廉政教育月": "theme_month", "警示教育": "warning_education", "廉洁谈话": "integrity_talk",
    "提醒谈话": "reminder_talk", "节日廉洁提醒": "holiday_reminder", "廉洁倡议书": "initiative",
    "企地协作": "joint_supervision", "廉政教育": "education",
    # free-text kinds documented before the kinds were closed
    "节日提醒": "holiday_reminder", "廉洁倡议": "initiative",
}
#: `finding: none`: a 提醒谈话 that no finding or risk prompted (looked at, nothing to link)
NOTHING_PROMPTED = "none"


def _activity_kind(value: Any) -> Any:
    """A kind by its id or its Chinese name; any other text is a kind written before kinds were closed,
    refused with what to write instead (the words of the register format are mapped, not refused)."""
    if not isinstance(value, str) or value in ACTIVITY_KINDS:
        return value
    if value in ACTIVITY_WORDS:
        return ACTIVITY_WORDS[value]
    raise PydanticCustomError("pdca_activity_kind", "{value} is not an activity kind", {"value": value})


class Activity(Located):
    kind: Annotated[ActivityKind, BeforeValidator(_activity_kind),
                    WithJsonSchema({"enum": [*ACTIVITY_KINDS, *ACTIVITY_WORDS]})] = Field(
        description="lesson 每月一课 | theme_month 廉政教育月 | warning_education 警示教育 | integrity_talk 廉洁谈话 | "
        "reminder_talk 提醒谈话 | holiday_reminder 节日廉洁提醒 | initiative 廉洁倡议书 | joint_supervision 企地协作 | "
        "education 廉政教育 (other education)")
    title: Text
    date: Date
    departments: Annotated[list[Id], Many] = Field(
        default_factory=list, description="departments taking part; for a talk, the departments whose heads were talked to")
    posts: Annotated[list[Id], Many] = Field(
        default_factory=list, description="posts taking part (posts[].id); for a talk, the posts talked to")
    participants: Annotated[list[Text], Many] = Field(
        default_factory=list, description="people, by pseudonymous id only (never by name)")
    risks: Annotated[list[Id], Many] = Field(default_factory=list)
    check: Id | None = None
    finding: Id | None = Field(
        default=None, description="the finding that prompted a 提醒谈话 (早提醒、早纠正); `none`: nothing prompted it")
    evidence: Text | None = Field(default=None, description="where the proof lives: 签到表, 会议记录, OA number")
    note: Prose | None = None


# --- pledges/*.yaml: 两个责任 -----------------------------------------------------------------

PledgeKind = Literal["responsibility", "integrity"]
PLEDGE_KINDS: tuple[str, ...] = ("responsibility", "integrity")
_PLEDGE_WORDS = {"责任书": "responsibility", "党风廉政建设责任书": "responsibility", "承诺书": "integrity",
                 "廉洁从业承诺书": "integrity"}


def _pledge_kind(value: Any) -> Any:
    return _PLEDGE_WORDS.get(value, value) if isinstance(value, str) else value


class Pledge(Located):
    """A signing of the 《党风廉政建设责任书》 by departments or of the 《廉洁从业承诺书》 by the holders of
    key posts (两个责任), for one cycle."""

    kind: Annotated[PledgeKind, BeforeValidator(_pledge_kind),
                    WithJsonSchema({"enum": [*PLEDGE_KINDS, *_PLEDGE_WORDS]})] = Field(
        description="responsibility 党风廉政建设责任书 (departments) | integrity 廉洁从业承诺书 (key posts)")
    date: Date
    cycle: Id | None = Field(default=None, description="the cycle it is for; default: the cycle of its date")
    departments: Annotated[list[Id], Many] = Field(default_factory=list, description="the departments that signed")
    posts: Annotated[list[Id], Many] = Field(default_factory=list, description="the key posts whose holders signed")
    evidence: Text | None = Field(default=None, description="where the signed copies are kept")
    note: Prose | None = None

    @model_validator(mode="after")
    def _signed_by_someone(self) -> Pledge:
        wanted = "departments" if self.kind == "responsibility" else "posts"
        if not getattr(self, wanted):
            raise PydanticCustomError("pdca_pledge_signers", "a {kind} pledge lists its {field}",
                                      {"kind": self.kind, "field": wanted})
        return self


# --- decisions/*.yaml: 会议决议督办 -------------------------------------------------------------

MeetingKind = Literal["monthly", "weekly", "special", "other"]
MEETING_KINDS: tuple[str, ...] = ("monthly", "weekly", "special", "other")
_MEETING_WORDS = {"月度例会": "monthly", "周例会": "weekly", "专题会": "special", "其他": "other", "其他会议": "other"}


def _meeting_kind(value: Any) -> Any:
    return _MEETING_WORDS.get(value, value) if isinstance(value, str) else value


class Decision(Located):
    """A meeting decision followed up until it is done and verified (会议决议督办): tracked like a finding,
    with the same deadline, extensions, overdue days, suggested handling and recorded decisions."""

    meeting: Annotated[MeetingKind, BeforeValidator(_meeting_kind),
                       WithJsonSchema({"enum": [*MEETING_KINDS, *_MEETING_WORDS]})] = Field(
        description="monthly 月度例会 | weekly 周例会 | special 专题会 | other")
    date: Date = Field(description="the day of the meeting")
    minutes: Text | None = Field(default=None, description="the 会议纪要 that records it")
    decision: Text = Field(description="what was decided, to be carried out")
    department: Id | None = None
    owner: Text | None = None
    leader: Text | None = None
    deadline: Date | None = None
    status: FindingStatus = "open"
    done: Date | None = None
    result: Text | None = None
    evidence: Text | None = None
    closed: Closed | None = None
    long_term: StrictBool = False
    risk: Id | None = None
    extensions: Annotated[list[Extension], Many] = Field(
        default_factory=list, description="延期: approved moves of the deadline, oldest first")
    actions: Annotated[list[Action], Many] = Field(
        default_factory=list, description="what was decided: 通报 (notice), 考核 (assessment), 问责 (accountability)")
    note: Prose | None = None


# --- assessments/*.yaml: 考核单 -----------------------------------------------------------------


class AssessmentSheet(Located):
    """A 考核单 issued through OA to a unit or a person; the `actions` of findings and decisions name it
    (`sheet:`)."""

    id: Id = Field(description="the 考核单 number")
    date: Date
    department: Id | None = Field(default=None, description="the unit assessed")
    person: Text | None = Field(default=None, description="the person assessed, by post or pseudonymous id")
    reason: Text
    evidence: Text | None = Field(default=None, description="the OA flow")
    note: Prose | None = None

    @model_validator(mode="after")
    def _someone_assessed(self) -> AssessmentSheet:
        if self.department is None and self.person is None:
            raise PydanticCustomError("pdca_assessed", "a 考核单 names a department or a person", {})
        return self


# --- people/*.yaml ---------------------------------------------------------------------------


class Person(Located):
    """A person the register refers to by a pseudonymous id (owners, leaders, participants, talk
    subjects, dossier entries).  No name on purpose: display names live in a separate mapping that can
    be kept out of the repository (docs/privacy.md); reports show the post or department instead."""

    post: Id | None = Field(default=None, description="a posts[].id: what reports show for the person without a name mapping")
    department: Id | None = Field(default=None, description="a departments[].id (default: the post's department)")
    key_post: StrictBool = Field(default=False, description="holds a key post (关键岗位)")
    key_minority: StrictBool = Field(default=False, description="one of the 关键少数 (leading cadres)")
    top_leader: StrictBool = Field(default=False, description="一把手 of a unit (also one of the 关键少数)")


# --- dossier/*.yaml --------------------------------------------------------------------------

DOSSIER_KINDS: tuple[str, ...] = ("petition", "personal_matters", "sanction", "talk", "analysis", "other")
_DOSSIER_WORDS = {"信访": "petition", "信访举报": "petition", "个人有关事项": "personal_matters",
                  "个人重大事项": "personal_matters", "处分": "sanction", "组织处理": "sanction",
                  "处分/组织处理": "sanction", "谈话": "talk", "谈话记录": "talk", "廉情分析": "analysis",
                  "其他": "other"}
DossierKind = Literal["petition", "personal_matters", "sanction", "talk", "analysis", "other"]


def normalise_dossier_kind(value: Any) -> Any:
    return _DOSSIER_WORDS.get(value, value) if isinstance(value, str) else value


class DossierEntry(Located):
    """One entry of a person's 廉政档案: metadata in clear, content encrypted with age to the
    recipients of pdca.yaml (written by pdca dossier add; the rule dossier-unencrypted refuses
    anything else)."""

    person: Id = Field(description="a people[].id")
    kind: Annotated[DossierKind, BeforeValidator(normalise_dossier_kind),
                    WithJsonSchema({"enum": [*DOSSIER_KINDS, *_DOSSIER_WORDS]})] = Field(
        description="petition 信访 | personal_matters 个人有关事项 | sanction 处分/组织处理 | talk 谈话 | "
        "analysis 廉情分析 | other")
    date: Date
    sealed_for: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")] | None = Field(
        default=None, description="a fingerprint of the recipient list the content is encrypted to (not the keys): "
        "pdca check asks for pdca dossier rekey when it differs from pdca.yaml's")
    content: Annotated[str, BeforeValidator(_as_text)] = Field(
        description="ASCII-armored age ciphertext (-----BEGIN AGE ENCRYPTED FILE-----)")


# --- whole files, for the JSON Schema editors use --------------------------------------------


class RisksFile(Model):
    risks: list[Risk]


class ChecksFile(Model):
    checks: list[Check]


class ActivitiesFile(Model):
    activities: list[Activity]


class PledgesFile(Model):
    pledges: list[Pledge]


class DecisionsFile(Model):
    decisions: list[Decision]


class AssessmentsFile(Model):
    assessments: list[AssessmentSheet]


class PeopleFile(Model):
    people: list[Person]


class DossierFile(Model):
    dossier: list[DossierEntry]


#: folder name -> (top-level key, item model)
_ITEMS: dict[str, type[Located]] = {
    "risks": Risk, "checks": Check, "activities": Activity, "pledges": Pledge, "decisions": Decision,
    "assessments": AssessmentSheet, "people": Person, "dossier": DossierEntry,
}
assert tuple(_ITEMS) == FOLDERS, "every folder of pdca.model.layout has its item model, in reading order"
FILE_KINDS: dict[str, tuple[str, type[Located]]] = {folder: (folder, _ITEMS[folder]) for folder in FOLDERS}
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "config": Config,
    "risks": RisksFile,
    "checks": ChecksFile,
    "activities": ActivitiesFile,
    "pledges": PledgesFile,
    "decisions": DecisionsFile,
    "assessments": AssessmentsFile,
    "people": PeopleFile,
    "dossier": DossierFile,
}
