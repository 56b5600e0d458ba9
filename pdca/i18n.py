"""The message catalogue: every sentence pdca says to a user, in Chinese and English.

`text(id, lang, **params)` renders one.  Code names a message by id; the words live only here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

LANGS = ("zh", "en")

FIELDS_ZH = {
    "id": "编号", "title": "名称", "area": "重点领域", "department": "责任部门", "departments": "部门",
    "post": "岗位", "owner": "责任人", "dimension": "风险类别", "description": "表现形式", "process": "业务事项",
    "indicator": "监测指标", "leader": "责任领导", "likelihood": "可能性", "impact": "危害程度",
    "legal_liability": "涉及违法犯罪", "level": "等级", "override": "等级调整", "stage": "阶段",
    "identified": "识别日期", "reviewed": "复核日期", "retired": "退出", "tags": "标签", "history": "阶段记录",
    "measures": "防控措施", "line": "防线", "kind": "类型", "due": "完成期限", "status": "状态",
    "done": "完成日期", "evidence": "佐证材料", "source": "检查来源", "date": "日期", "risks": "风险点",
    "findings": "整改事项", "risk": "风险点", "problem": "问题", "task": "整改任务", "deadline": "整改期限",
    "result": "整改结果", "closed": "销号", "long_term": "长期整改", "repeat_of": "重复发生自",
    "by": "销号人", "reason": "理由", "check": "检查", "participants": "参加人员", "note": "备注",
    "organization": "单位", "cycle": "周期", "posts": "岗位", "areas": "重点领域", "scoring": "评分",
    "start": "开始", "end": "结束", "name": "名称", "prefix": "编号前缀", "powers": "职权", "rules": "规则",
    "schema": "格式版本", "language": "语言", "matrix": "矩阵", "reviewers": "审核人",
    "extensions": "延期", "actions": "处理结果", "until": "延期至", "approved_by": "批准人", "ref": "文号",
    "criteria": "评分标准", "self_check": "自查自验", "past_cycles": "以往周期",
}
KINDS = {
    "risk": ("风险点", "risk"), "measure": ("防控措施", "measure"), "check": ("检查", "check"),
    "finding": ("整改事项", "finding"), "activity": ("活动记录", "activity"), "area": ("重点领域", "area"),
    "department": ("部门", "department"), "post": ("岗位", "post"),
}
STAGE_NAMES = {"P": ("P 计划", "P plan"), "D": ("D 执行", "D do"), "C": ("C 检查", "C check"), "A": ("A 处置", "A act")}
LEVEL_NAMES = {1: ("一级", "level 1"), 2: ("二级", "level 2"), 3: ("三级", "level 3")}
LINE_NAMES = {"before": ("事前", "before"), "during": ("事中", "during"), "after": ("事后", "after")}
ESCALATION_NAMES = {"notice": ("通报", "notice"), "assessment": ("考核", "assessment"), "accountability": ("问责", "accountability")}
SOURCE_NAMES = {
    "巡视巡察": ("巡视巡察", "inspection tour"), "审计": ("审计", "audit"),
    "内控合规评价": ("内控合规评价", "internal control review"), "安全生产检查": ("安全生产检查", "work-safety inspection"),
    "大党建检查": ("大党建检查", "Party-building inspection"), "物资检查": ("物资检查", "materials inspection"),
    "自查自验": ("自查自验", "self-check"), "信访举报": ("信访举报", "complaint or report"),
    "日常监督": ("日常监督", "routine supervision"),
}
ACTIVITY_NAMES = {
    "廉政教育": ("廉政教育", "integrity education"), "提醒谈话": ("提醒谈话", "reminder talk"),
    "警示教育": ("警示教育", "warning education"), "廉洁谈话": ("廉洁谈话", "integrity talk"),
    "节日提醒": ("节日提醒", "holiday reminder"), "廉洁倡议": ("廉洁倡议", "integrity pledge"),
}
FINDING_STATUS_NAMES = {
    "open": ("待整改", "open"), "rectifying": ("整改中", "rectifying"), "done": ("整改完成", "done"),
    "closed": ("已销号", "closed"),
}
STATUS_NAMES = {
    "planned": ("计划", "planned"), "in_progress": ("推进中", "in progress"), "done": ("已完成", "done"),
    "dropped": ("已取消", "dropped"), "open": ("待整改", "open"), "rectifying": ("整改中", "rectifying"),
    "closed": ("已销号", "closed"),
}

_M: dict[str, tuple[str, str]] = {
    # reading files
    "encoding.utf16": (
        "文件是 UTF-16 编码,pdca 只读 UTF-8。请在编辑器中另存为 UTF-8,或运行 iconv -f UTF-16 -t UTF-8",
        "the file is UTF-16 encoded; pdca reads UTF-8 only. Save it as UTF-8, or run iconv -f UTF-16 -t UTF-8",
    ),
    "encoding.gbk": (
        "文件不是 UTF-8 编码,看起来是 GBK/GB18030(中文 Windows 编辑器常见)。请另存为 UTF-8,"
        "或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件",
        "the file is not UTF-8; it looks like GBK/GB18030 (common from Chinese Windows editors). Save it as "
        "UTF-8, or run iconv -f GB18030 -t UTF-8 old > new",
    ),
    "encoding.unknown": (
        "文件不是 UTF-8 编码(此处字节 {byte} 无法解码),请另存为 UTF-8",
        "the file is not UTF-8 (byte {byte} here cannot be decoded); save it as UTF-8",
    ),
    "file.unreadable": ("无法读取文件:{error}", "cannot read the file: {error}"),
    "yaml.syntax": ("YAML 语法错误:{problem}", "YAML syntax error: {problem}"),
    "yaml.unclosed_sequence": ("YAML 语法错误:[ 没有对应的 ](或缺少逗号)", "YAML syntax error: a [ is not closed by ] (or a comma is missing)"),
    "yaml.unclosed_mapping": ("YAML 语法错误:{{ 没有对应的 }}(或缺少逗号)", "YAML syntax error: a {{ is not closed by }} (or a comma is missing)"),
    "yaml.unexpected_end": ("YAML 语法错误:文件意外结束(括号或引号没有闭合?)", "YAML syntax error: the file ends too early (an unclosed bracket or quote?)"),
    "yaml.mapping_here": (
        "YAML 语法错误:此处不能出现“键: 值”(缩进不对,或文本中的冒号后有空格需要加引号?)",
        "YAML syntax error: a 'key: value' is not allowed here (wrong indentation, or a colon in text that needs quotes?)",
    ),
    "yaml.no_colon": ("YAML 语法错误:缺少冒号“:”", "YAML syntax error: a ':' is missing"),
    "yaml.indentation": ("YAML 语法错误:缩进不一致", "YAML syntax error: the indentation does not line up"),
    "yaml.undefined_alias": ("YAML 语法错误:使用了未定义的别名 *", "YAML syntax error: an alias * names no anchor"),
    "yaml.bad_token": (
        "YAML 语法错误:此处的字符不能开始一个值(如 @ 或 `,需要加引号)",
        "YAML syntax error: this character cannot start a value (such as @ or `: quote the text)",
    ),
    "yaml.unclosed_quote": ("YAML 语法错误:引号从这里开始但没有闭合", "YAML syntax error: a quote opens here and is never closed"),
    "yaml.tab": ("YAML 不允许用制表符(Tab)缩进,请改用空格", "YAML does not allow tabs for indentation; use spaces"),
    "yaml.too_deep": ("嵌套超过 {depth} 层,拒绝读取", "nesting deeper than {depth} levels; refused"),
    "yaml.multi_document": (
        "一个文件只能有一个 YAML 文档(此处出现第二个 ---)",
        "a file holds one YAML document only (a second one starts here)",
    ),
    "yaml.alias_bomb": (
        "别名(alias)展开后将超过 {nodes} 个节点,疑似“亿万笑声”攻击,拒绝读取",
        "aliases would expand to {nodes} nodes (a 'billion laughs' document); refused",
    ),
    "yaml.recursive": ("别名指向包含它自己的节点(递归),拒绝读取", "an alias refers to a node that contains it (recursion); refused"),
    "yaml.complex_key": ("键必须是普通文本", "a key must be plain text"),
    "yaml.bad_merge": ("合并键 << 只能引用映射", "the merge key << takes mappings only"),
    "yaml.bad_tagged": ("{value!r} 不是合法的 {tag} 值", "{value!r} is not a valid {tag}"),
    "yaml.tag": (
        "不允许使用标签 {tag}:pdca 只读普通 YAML 数据,不会由标签构造对象",
        "tag {tag} is not allowed: pdca reads plain YAML data and never constructs objects from tags",
    ),
    "yaml.duplicate_key": ("键 {key} 重复出现,后一个值会覆盖前一个", "key {key} appears twice; the later value would replace the first"),
    "file.empty": ("文件为空(应以 {key}: 开头)", "the file is empty (expected {key}:)"),
    "file.not_mapping": ("文件顶层应是以 {key}: 开头的映射", "the top level must be a mapping with the key {key}:"),
    "file.missing_key": ("文件缺少顶层键 {key}:", "the file lacks the top-level key {key}:"),
    "file.not_list": ("{key}: 下应是列表(每项以 - 开头)", "{key}: must hold a list (items start with -)"),
    "file.item_not_mapping": ("列表项应是映射(键: 值)", "a list item must be a mapping (key: value)"),
    # schema (pydantic error types)
    "schema.missing": ("缺少必填字段 {field}", "required field {field} is missing"),
    "schema.extra": ("未知字段 {field}{hint}", "unknown field {field}{hint}"),
    "schema.flow_comma": (
        "(在 {{…}} 或 […] 中,英文逗号会截断文本:请给整段文本加引号,或改用中文逗号)",
        " (inside {{…}} or […], a comma ends the text: quote the whole text, or use a Chinese comma)",
    ),
    "schema.hint": ("(是否指 {suggestion}?)", " (did you mean {suggestion}?)"),
    "schema.string": ("{field} 应是文本,实际是 {got}", "{field} must be text, got {got}"),
    "schema.int": ("{field} 应是整数,实际是 {got}", "{field} must be a whole number, got {got}"),
    "schema.bool": ("{field} 应是 true 或 false,实际是 {got}", "{field} must be true or false, got {got}"),
    "schema.list": ("{field} 应是列表,实际是 {got}", "{field} must be a list, got {got}"),
    "schema.mapping": ("{field} 应是映射(键: 值),实际是 {got}", "{field} must be a mapping (key: value), got {got}"),
    "schema.choice": ("{field} 的值 {got} 不在允许范围内:{expected}", "{field}: {got} is not one of {expected}"),
    "schema.ge": ("{field} 应不小于 {limit},实际是 {got}", "{field} must be at least {limit}, got {got}"),
    "schema.le": ("{field} 应不大于 {limit},实际是 {got}", "{field} must be at most {limit}, got {got}"),
    "schema.empty": ("{field} 不能为空", "{field} must not be empty"),
    "schema.too_long": ("{field} 过长(最多 {limit} 个字符)", "{field} is too long (at most {limit} characters)"),
    "schema.id": ("{field} 是编号,不能含空白字符:{got}", "{field} is an id and must not contain spaces: {got}"),
    "schema.date": ("{field} 应是 YYYY-MM-DD 格式的日期,实际是 {got}", "{field} must be a date written YYYY-MM-DD, got {got}"),
    "schema.calendar": ("{field} 的日期 {got} 在日历上不存在", "{field}: {got} is not a date on the calendar"),
    "schema.matrix": (
        "矩阵应为 {rows} 行(可能性)× {columns} 列(危害程度),与量表一致",
        "the matrix must have {rows} rows (likelihood) of {columns} cells (impact), to match the scales",
    ),
    "schema.cycle_order": ("周期结束日期早于开始日期", "the cycle ends before it starts"),
    "schema.criteria": ("评分标准 {scale} 应为每个分值各写一句，共 {size} 句，实际 {got} 句",
                        "scoring criteria for {scale} need one sentence per score: {size}, got {got}"),
    "schema.other": ("{field}:{detail}", "{field}: {detail}"),
    "config.rule_unknown": ("未知规则 {rule}{hint}", "unknown rule {rule}{hint}"),
    "config.rule_severity": (
        "规则 {rule} 的 severity 应是 error、warning 或 off,实际是 {got}",
        "rule {rule}: severity must be error, warning or off, got {got}",
    ),
    "config.rule_param": ("规则 {rule} 没有参数 {param}{hint}", "rule {rule} has no parameter {param}{hint}"),
    "config.rule_param_type": (
        "规则 {rule} 的参数 {param} 应是不小于 1 的整数", "rule {rule}: {param} must be a whole number from 1"),
    "config.fixed_rule": ("规则 {rule} 不能关闭", "rule {rule} cannot be switched off"),
    # register-level errors
    "register.no_config": (
        "{path} 中没有 pdca.yaml:请指定登记册目录(含 pdca.yaml 的文件夹)",
        "no pdca.yaml in {path}: name a register folder (the folder that holds pdca.yaml)",
    ),
    "register.missing_path": ("{path} 不存在", "{path} does not exist"),
    "register.none_found": (
        "当前目录及其上级没有 pdca.yaml,registers/*/pdca.yaml 也不存在:请指定登记册目录",
        "no pdca.yaml here or above, and no registers/*/pdca.yaml: name a register folder",
    ),
    "register.bad_config": (
        "pdca.yaml 无法读取,登记册未检查:请先修正上面的错误",
        "pdca.yaml could not be read, so the register was not checked: fix the error above first",
    ),
    "register.config_invalid": (
        "pdca.yaml 有错误,跨文件的检查(引用、等级、阶段、期限等)已跳过:请先修正 pdca.yaml",
        "pdca.yaml has errors, so the checks across files (references, levels, stages, deadlines) were skipped: fix it first",
    ),
    # rules
    "rule.duplicate_id": ("编号 {id} 重复:已被 {other} 中的{kind}使用", "id {id} is used twice: already a {kind} in {other}"),
    "rule.duplicate_config_id": ("{kind}编号 {id} 在 pdca.yaml 中重复", "{kind} id {id} appears twice in pdca.yaml"),
    "rule.unknown_reference": ("{field} 引用的{kind} {id} 不存在{hint}", "{field} names {kind} {id}, which does not exist{hint}"),
    "rule.repeat_self": ("整改事项 {id} 的 repeat_of 指向它自己", "finding {id} names itself in repeat_of"),
    "rule.repeat_later": (
        "repeat_of 指向的 {source} 由 {source_date} 的检查发现,不早于本次检查({date}):重复发生只能指向更早的问题",
        "repeat_of names {source}, found on {source_date}, not before this check ({date}): a repeat can only follow an earlier finding",
    ),
    "rule.score_range": ("{field} = {value} 超出量表范围 1..{max}", "{field} = {value} is outside the scale 1..{max}"),
    "rule.level_mismatch": ("声明的等级为{declared},计算结果为{computed}({why})", "declared {declared}, computed {computed} ({why})"),
    "rule.override_lowers": (
        "等级调整只能从严:计算结果为{computed},调整为{override}更宽松,已忽略",
        "an override may only make the level stricter: computed {computed}, override {override} is laxer and is ignored",
    ),
    "why.matrix": ("可能性 {likelihood} × 危害程度 {impact} → 矩阵{level}", "likelihood {likelihood} x impact {impact} -> matrix {level}"),
    "why.legal": ("涉及违法犯罪,一律一级", "could involve a crime, always level 1"),
    "why.override": ("等级调整为{level}:{reason}", "overridden to {level}: {reason}"),
    "why.unscored": ("未评定可能性或危害程度", "likelihood or impact not scored"),
    "rule.gate": ("处于{stage}阶段,但{condition}", "in stage {stage}, but {condition}"),
    "gate.missing": ("缺少 {field}", "{field} is missing"),
    "gate.no_measure": ("没有未取消的防控措施", "it has no measure that is not dropped"),
    "gate.two_lines": (
        "一级风险需在至少两道防线(事前/事中/事后)上有措施,目前只有{lines}",
        "a level-1 risk needs measures on at least two lines (before/during/after); it has only {lines}",
    ),
    "gate.measure_not_done": ("措施 {id} 状态为{status},尚未完成", "measure {id} is {status}, not done"),
    "gate.measure_no_date": ("措施 {id} 已完成但缺少完成日期 done", "measure {id} is done but has no done date"),
    "gate.measure_no_evidence": ("措施 {id} 已完成但缺少佐证材料 evidence", "measure {id} is done but has no evidence"),
    "gate.not_examined": (
        "本周期({start} 至 {end})内没有检查覆盖该风险点(检查的 risks 或整改事项的 risk)",
        "no check dated in the current cycle ({start} to {end}) examined it (a check's risks, or a finding's risk)",
    ),
    "gate.open_findings": ("整改事项未完成:{ids}", "findings still open or rectifying: {ids}"),
    "rule.status_missing": ("{kind} {id} 状态为{status},但缺少 {fields}", "{kind} {id} is {status} but lacks {fields}"),
    "rule.no_deadline": ("整改事项 {id} 没有整改期限 deadline(长期整改请设 long_term: true)", "finding {id} has no deadline (set long_term: true for a long-term item)"),
    "rule.closed_by_owner": ("整改事项 {id} 的销号人与责任人相同({by}):销号须由他人核验", "finding {id} was closed by its own owner ({by}): 销号 needs someone else to verify"),
    "rule.closed_not_closed": ("整改事项 {id} 有销号信息 closed,但状态为{status}", "finding {id} has closed: but its status is {status}"),
    "rule.date_order": ("{later_field}({later})早于{earlier_field}({earlier})", "{later_field} ({later}) is before {earlier_field} ({earlier})"),
    "rule.post_without_risk": (
        "岗位 {id}({name})有 {count} 项职权,但没有任何廉洁风险点",
        "post {id} ({name}) holds {count} powers but has no risk point",
    ),
    "rule.measure_overdue": (
        "措施 {id} 已逾期 {days} 天(完成期限 {due},状态{status})",
        "measure {id} is {days} days overdue (due {due}, {status})",
    ),
    "rule.review_stale": (
        "风险点 {id} 已超过 {months} 个月未复核(上次 {reviewed})",
        "risk {id} has not been reviewed for more than {months} months (last {reviewed})",
    ),
    "rule.finding_overdue": (
        "整改事项 {id} 已逾期 {days} 天(整改期限 {deadline}),建议{step}{repeat}{decided}",
        "finding {id} is {days} days overdue (deadline {deadline}): suggested {step}{repeat}{decided}",
    ),
    "deadline.extended": ("{deadline},延期至 {until}", "{deadline}, extended to {until}"),
    "decided.suffix": (";已{action}({ref})", "; decided: {action} ({ref})"),
    "rule.repeat_suspected": (
        "整改事项 {id} 所属风险点 {risk} 此前已有问题 {candidates} 整改完成,疑似屡查屡犯。请纪检机构核实:"
        "是则写 repeat_of: 编号,不是则写 repeat_of: none{null_hint}",
        "finding {id}: its risk {risk} had {candidates} rectified before, so it may be a repeat (屡查屡犯). "
        "The discipline office confirms with repeat_of: ID or dismisses with repeat_of: none{null_hint}",
    ),
    "repeat.null_hint": ("(repeat_of: null 等同于未填写)", " (repeat_of: null means the same as leaving it out)"),
    "rule.repeat_other_department": (
        "整改事项 {id} 确认为重复 {source},但二者责任部门不同({department} / {source_department}),请核实",
        "finding {id} is confirmed as a repeat of {source}, but their departments differ ({department} / {source_department}): check it",
    ),
    "rule.repeat_not_rectified": (
        "整改事项 {id} 确认为重复 {source},但 {date} 发现本问题时 {source} 尚未整改完成:同一问题未整改,不是屡查屡犯,请核实",
        "finding {id} is confirmed as a repeat of {source}, but {source} was not yet rectified when this was found ({date}): "
        "the same problem still open is not a repeat; check it",
    ),
    "rule.action_pending": (
        "整改事项 {id} 建议{step}已 {days} 天,尚无相应的处理决定({decided}):{step}意见未落实。作出处理后用 pdca finding act 记录",
        "finding {id} has been at the suggested step {step} for {days} days with no matching decision ({decided}). "
        "Record the decision with pdca finding act",
    ),
    "decided.none": ("尚未处理", "none recorded"),
    "decided.weaker": ("已{action}", "decided: {action}"),
    "rule.extension_late": (
        "整改事项 {id} 的延期于 {date} 批准,此时整改期限 {deadline} 已过:应在期限届满前申请延期",
        "finding {id}: the extension was approved on {date}, after its deadline {deadline} had passed",
    ),
    "rule.extension_by_owner": (
        "整改事项 {id} 的延期由其责任人 {by} 本人批准:延期须由他人批准",
        "finding {id}: the extension was approved by its own owner {by}; someone else must approve it",
    ),
    "rule.extension_not_later": (
        "整改事项 {id} 的延期至 {until},不晚于此前的期限 {deadline}",
        "finding {id}: the extension runs to {until}, which is not later than the deadline before it ({deadline})",
    ),
    "rule.matrix_monotone": (
        "矩阵不单调:可能性 {likelihood}、危害程度 {impact} 为{level},而{higher}更高的可能性 {up_likelihood}、"
        "危害程度 {up_impact} 反而为{up_level}。提高可能性或危害程度不应使等级变宽松",
        "the matrix is not monotone: likelihood {likelihood}, impact {impact} gives {level}, yet the higher "
        "{higher} at likelihood {up_likelihood}, impact {up_impact} gives the laxer {up_level}",
    ),
    "axis.likelihood": ("可能性", "likelihood"),
    "axis.impact": ("危害程度", "impact"),
    "rule.override_no_effect": (
        "风险点 {id} 的等级调整为{level},与计算结果相同,不起作用(可删除)",
        "risk {id}: the override to {level} equals the computed level and changes nothing (it can go)",
    ),
    "rule.legal_liability_impact": (
        "风险点 {id} 涉及违法犯罪(legal_liability: true),危害程度却为 {impact}({label}):"
        "涉及违法犯罪属严重后果,危害程度应为 {severe}",
        "risk {id} could involve a crime (legal_liability: true) but its impact is {impact} ({label}): "
        "legal liability is a severe consequence, the impact should be {severe}",
    ),
    "rule.verification_pending": (
        "整改事项 {id} 已于 {done} 整改完成,待核验销号已 {days} 天",
        "finding {id} was done on {done} and has waited {days} days for verification (销号)",
    ),
    "rule.self_check_missing": (
        "部门 {department} 在 {half} 没有半年度自查自验(source: 自查自验 且 departments 含该部门)",
        "department {department} had no half-year self-check (自查自验) in {half}",
    ),
    "rule.stage_stalled": (
        "风险点 {id} 自 {since} 起停留在{stage}阶段已 {days} 天",
        "risk {id} has stood in stage {stage} for {days} days (since {since})",
    ),
    "rule.waiver_expired": (
        "豁免已于 {until} 到期(规则 {rule},对象 {target}):请续期或整改",
        "the waiver expired on {until} (rule {rule}, target {target}): renew it or fix the problem",
    ),
    "rule.waiver_unused": (
        "豁免没有匹配任何问题(规则 {rule},对象 {target}):可以删除",
        "the waiver matches no diagnostic (rule {rule}, target {target}): it can go",
    ),
    "rule.waiver_duplicate": (
        "与第 {first} 条豁免重复(规则 {rule},对象 {target}):请合并",
        "repeats waiver number {first} (rule {rule}, target {target}): merge them",
    ),
    "config.escalation": (
        "escalation 只有 notice、assessment、accountability 三项,各为不小于 1 的整数天数;{step} 不符合",
        "escalation takes notice, assessment and accountability, each a whole number of days from 1; {step} is not",
    ),
    "config.escalation_order": (
        "escalation 的天数应递增:notice < assessment < accountability",
        "escalation days must increase: notice < assessment < accountability",
    ),
    "repeat.suffix": (",属屡查屡犯", ", a repeat finding"),
    "step.none": ("未到通报期限", "not yet at the notice step"),
    # command line
    "cli.future": ("{option} {value} 晚于今天:不能记录尚未发生的事", "{option} {value} is after today: pdca records what has happened"),
    "cli.as_of": ("{option}:{value} 不是 YYYY-MM-DD 格式的日期(例如 2024-06-30)",
                  "{option}: {value} is not a date YYYY-MM-DD (e.g. 2024-06-30)"),
    "cli.no_risk": ("风险点 {id} 不存在(登记册:{registers})", "no risk {id} in {registers}"),
    "cli.bad_config": ("{register}/pdca.yaml 无法读取:请先运行 pdca check {register} 查看原因",
                       "{register}/pdca.yaml cannot be read: run pdca check {register} to see why"),
    "cli.left_out": ("{register}:{count} 处内容无法读取,已略过;运行 pdca check 查看",
                     "{register}: {count} entries could not be read and were left out; run pdca check"),
    "cli.csv_needs": ("--format csv 需要 -o 文件夹,或用 --table 选一张表输出到标准输出",
                      "--format csv needs -o FOLDER, or --table to print one table"),
    "cli.xlsx_needs": ("--format xlsx 需要 -o 文件名,且一次一个登记册", "--format xlsx needs -o FILE, and one register at a time"),
    "cli.not_folder": ("{path} 不是文件夹", "{path} is not a folder"),
    "cli.is_folder": ("{path} 是文件夹,请给出文件名", "{path} is a folder; name a file"),
    "cli.cannot_write": ("无法写入 {path}:{error}", "cannot write {path}: {error}"),
    "report.bad_period": ("期间写法不对：{value}。月份写作 2024-06，半年写作 2024H1，年度写作 2024；本登记册的周期为 {start} 至 {end}",
                          "{value} is not a period: write a month as 2024-06, a half-year as 2024H1, a year as 2024; this register's cycles run from {start} to {end}"),
    "report.outside_cycles": ("{register} 的周期（{start} 至 {end}）不包含{period}，没有可报告的内容",
                              "{register}: {period} lies outside its cycles ({start} to {end}); there is nothing to report"),
    "report.as_of_before": ("--as-of {as_of} 早于所报告期间{period}的第一天 {start}", "--as-of {as_of} is before the first day of {period} ({start})"),
    "report.wrong_period": ("{kind}需要用 {option} 指定期间", "the {kind} needs its period given with {option}"),
    "report.kind.monthly": ("月度通报", "monthly bulletin"),
    "report.kind.self-check": ("半年度自查自验报告", "half-year self-check report"),
    "report.kind.annual": ("年度总结", "annual review"),
    "report.not_begun": ("当前周期 {cycle}（{start} 至 {end}）尚未开始：请用 --month、--half 或 --year 指定期间",
                         "the current cycle {cycle} ({start} to {end}) has not begun: name a period with --month, --half or --year"),
    "report.has_errors": ("登记册有 {count} 个错误，报告未生成（见上）。请先修正，或加 --force 照常生成（报告开头会注明）",
                          "the register has {count} error(s), listed above; no report was made. Fix them, or add --force to render anyway (the report then says so at the top)"),
    "report.forced": ("注意：登记册有 {count} 个错误，本报告依据的数据可能不完整或不准确（运行 pdca check 查看）。",
                      "Note: the register has {count} error(s); the data behind this report may be incomplete or wrong (run pdca check)."),
    "cli.one_period": ("--month、--half、--year 只能选一个", "choose one of --month, --half, --year"),
    "report.outside": ("模板 {template} 指向登记册 templates/ 之外,已拒绝",
                       "template {template} points outside the register's templates/ folder; refused"),
    "report.no_template": ("找不到模板 {name}", "no template {name}"),
    "report.template_error": ("模板 {where} 出错:{error}", "template {where} failed: {error}"),
    # editing
    "edit.unreadable": ("无法读取 {path}:{error}", "cannot read {path}: {error}"),
    "edit.unparseable": ("{path} 不是有效的 YAML,无法修改:{error}", "{path} is not valid YAML and cannot be edited: {error}"),
    "edit.no_node": ("{path} 中找不到 {where},无法修改", "{path} has no {where} to edit"),
    "edit.cannot_write": ("无法写入 {path}:{error}(原文件未改动)", "cannot write {path}: {error} (the file is as it was)"),
    "edit.anchors": ("{path} 使用了锚点/别名(& 和 *),pdca 不自动修改这样的文件:请手工修改",
                     "{path} uses anchors and aliases (& and *); pdca does not edit such files: edit it by hand"),
    "edit.bad_text": ("输入的文字不是有效的 UTF-8(终端编码是 GBK?)", "the text given is not valid UTF-8 (a GBK terminal?)"),
    "edit.overlap": ("{path}:同一处被要求修改两次,未作修改", "{path}: the same place would be edited twice; nothing was changed"),
    "edit.changed": (
        "{path} 在读取后被修改过(另一个编辑正在进行?),为免覆盖他人的修改,本次未写入:请重新运行",
        "{path} changed on disk since it was read (another edit at the same time?); nothing was written, so "
        "no one's change is lost: run the command again",
    ),
    # moving through PDCA
    "advance.unknown": ("没有这些风险点:{ids}", "no such risks: {ids}"),
    "advance.retired": ("{id} 已退出,不能推进", "{id} is retired and cannot move"),
    "advance.already": ("{id} 已处于{stage}阶段", "{id} is already in stage {stage}"),
    "advance.to_plan": ("{id}:回到 P 计划只能通过 pdca cycle start 开启新周期", "{id}: back to P only through pdca cycle start"),
    "advance.needs_reason": ("{id} 从{stage}退回{to}需要说明理由(--reason)", "{id}: moving back from {stage} to {to} needs --reason"),
    "advance.gate": ("{id} 不能进入{stage}阶段:{reasons}", "{id} cannot move into stage {stage}: {reasons}"),
    "advance.note": ("推进至 {stage}", "moved to {stage}"),
    "advance.moved": ("{id}:{before} → {after}", "{id}: {before} -> {after}"),
    "advance.refused": ("未作任何修改:{count} 个风险点不能推进", "nothing was changed: {count} risks cannot move"),
    "advance.nothing": ("没有需要推进的风险点", "no risk to move"),
    "advance.which": ("请用 ID、--area、--department 或 --all 指明要推进的风险点", "name the risks to move: IDs, --area, --department or --all"),
    "edit.written": ("已写入 {path}", "wrote {path}"),
    "edit.dry_run": ("(试运行,未写入任何文件)", "(dry run: no file was written)"),
    "edit.one_register": ("找到多个登记册,请用 -r 指明要修改哪一个", "several registers found: name the one to edit with -r"),
    "cycle.same": ("当前周期已是 {id}", "the current cycle is already {id}"),
    "cycle.not_in_act": (
        "{count} 个风险点尚未进入 A 处置:{ids}。确认开启新周期请加 --force",
        "{count} risks are not in A (act) yet: {ids}. Add --force to open the new cycle anyway",
    ),
    "cycle.note": ("进入 {id} 周期,重新识别与评级", "cycle {id}: identify and grade again"),
    "cycle.opened": ("已开启 {id} 周期({start} 至 {end}),{count} 个风险点回到 P 计划;尚未销号的整改事项 {open} 项结转(其中待核验销号 {waiting} 项)",
                     "opened cycle {id} ({start} to {end}); {count} risks back to P; {open} findings not yet closed carried over ({waiting} of them awaiting verification)"),
    # finding lifecycle
    "finding.unknown": ("没有整改事项 {id}", "no finding {id}"),
    "finding.not_open": ("{id} 状态为{status}:只有待整改或整改中的事项才能整改完成", "{id} is {status}: only an open or rectifying finding can be done"),
    "finding.before_check": ("{id} 的完成日期 {date} 早于检查日期 {check}", "{id}: done on {date}, before the check of {check}"),
    "finding.not_done": ("{id} 状态为{status}:只有整改完成的事项才能销号", "{id} is {status}: only a done finding can be closed (销号)"),
    "finding.own_verifier": ("{id} 的责任人 {by} 不能为自己销号:销号须由他人核验", "{id}: its owner {by} cannot close it; another person verifies"),
    "finding.close_before_done": ("{id} 的销号日期 {date} 早于完成日期 {done}", "{id}: closed on {date}, before it was done on {done}"),
    "finding.incomplete": ("{id} 缺少整改结果或佐证材料,不能销号", "{id} lacks a result or evidence and cannot be closed"),
    "finding.return_not_done": ("{id} 状态为{status}:只有整改完成的事项才能退回补充", "{id} is {status}: only a done finding can be returned"),
    "finding.return_before_done": ("{id} 的退回日期 {date} 早于完成日期 {done}", "{id}: returned on {date}, before it was done on {done}"),
    "edit.unreadable_entries": (
        "{register} 有 {count} 处内容无法读取:这个命令会修改每个风险点,请先修正(运行 pdca check {register})",
        "{register} has {count} entries that cannot be read; this command edits every risk, so fix them first (pdca check {register})",
    ),
    "new.invalid": ("新条目不符合登记册格式:{detail}", "the new entry does not fit the register format: {detail}"),
    "finding.extend_not_open": ("{id} 状态为{status}:只有待整改或整改中的事项才能延期", "{id} is {status}: only an open or rectifying finding can be extended"),
    "finding.extend_by_owner": ("{id} 的责任人 {by} 不能批准自己的延期:延期须由他人批准", "{id}: its owner {by} cannot approve its extension; someone else must"),
    "finding.extend_not_later": ("{id} 延期至 {until},不晚于当前期限 {deadline}", "{id}: {until} is not later than the deadline in force, {deadline}"),
    "finding.extend_late": ("注意:{id} 的期限 {deadline} 在批准日 {date} 之前已过,这项延期会被 pdca check 提示(extension-irregular)",
                            "note: {id}'s deadline {deadline} had passed before the approval on {date}; pdca check will point this out (extension-irregular)"),
    "finding.extended": ("{id}:整改期限 {deadline} → 延期至 {until}(批准:{by},{date})", "{id}: deadline {deadline} -> extended to {until} (approved by {by} on {date})"),
    "finding.extend_before_check": ("{id} 的延期批准日期 {date} 早于检查日期 {check}", "{id}: extension approved on {date}, before the check of {check}"),
    "finding.act_before_check": ("{id} 的处理日期 {date} 早于检查日期 {check}", "{id}: decided on {date}, before the check of {check}"),
    "finding.acted": ("{id}:已{kind}({ref},{date}){suggested}", "{id}: decided {kind} ({ref}, {date}){suggested}"),
    "finding.act_suggested": (";当前建议处理为{step}", "; the suggested step is {step}"),
    "finding.moved": ("{id}:{before} → {after}", "{id}: {before} -> {after}"),
    # new entries
    "new.unknown": ("没有{kind} {id}{hint}", "no {kind} {id}{hint}"),
    "new.missing": ("缺少 {options}(在终端中运行会逐项询问)", "missing {options} (run it in a terminal to be asked)"),
    "new.placed": ("已新增 {id} → {file}:{line}", "added {id} -> {file}:{line}"),
    "fmt.values": ("格式化会改变其中的值(YAML 1.1 写法或数字写法),已保持原样:请手工调整",
                   "formatting would change values in it (YAML 1.1 or number spellings); left as it is: adjust it by hand"),
    "fmt.comments": ("格式化会丢失或移动注释,已保持原样", "formatting would lose or move a comment; left as it is"),
    "fmt.unreadable_at": ("{line}:{column}: {problem};无法格式化,已保持原样", "{line}:{column}: {problem}; cannot be formatted, left as it is"),
    "fmt.unreadable": ("文件无法按 YAML 读取,已保持原样(运行 pdca check 查看原因)", "the file cannot be read as YAML; left as it is (run pdca check)"),
    "fmt.would": ("需要格式化:{path}", "would reformat {path}"),
    "fmt.done": ("已格式化:{path}", "reformatted {path}"),
    # git
    "git.missing": ("找不到 git 命令", "the git command is not installed"),
    "git.failed": ("git {command} 失败:{error}", "git {command} failed: {error}"),
    "git.not_a_repo": ("{path} 不在 git 仓库中", "{path} is not in a git repository"),
    "git.no_revision": ("git 中没有 {revision}", "git knows no revision {revision}"),
    # diff
    "diff.risk_added": ("新增风险点:{title}({level})", "new risk: {title} ({level})"),
    "diff.risk_removed": ("风险点被删除:{title}(应设置 retired 退出,而不是删除)", "risk deleted: {title} (retire it instead of deleting it)"),
    "diff.risk_retired": ("风险点退出:{reason}", "risk retired: {reason}"),
    "diff.level": ("等级 {before} → {after}({causes})", "level {before} -> {after} ({causes})"),
    "diff.level_lowered": ("等级降低:{before} → {after}({causes})", "level lowered: {before} -> {after} ({causes})"),
    "diff.cause_matrix": ("评分矩阵调整", "the matrix changed"),
    "diff.matrix": ("评分矩阵或量表被修改,{count} 个风险点等级随之改变:{risks}", "the scoring matrix or scales changed; {count} risks change level: {risks}"),
    "diff.stage": ("阶段 {before} → {after}", "stage {before} -> {after}"),
    "diff.history": ("阶段记录 history 被改写(只应追加)", "history was rewritten (it may only grow)"),
    "diff.measure_added": ("新增防控措施({line}):{title}", "new measure ({line}): {title}"),
    "diff.measure_status": ("措施状态 {before} → {after}", "measure {before} -> {after}"),
    "diff.measure_dropped": ("措施取消({before} → {after})", "measure dropped ({before} -> {after})"),
    "diff.measure_removed": ("防控措施被删除:{title}", "measure deleted: {title}"),
    "diff.due_pushed": ("措施完成期限推迟:{before} → {after}", "measure due date pushed back: {before} -> {after}"),
    "diff.finding_new": ("新增整改事项:{problem}(期限 {deadline})", "new finding: {problem} (deadline {deadline})"),
    "diff.finding_done": ("整改完成({before} → {after})", "rectified ({before} -> {after})"),
    "diff.finding_closed": ("销号({before} → {after})", "closed, 销号 ({before} -> {after})"),
    "diff.finding_returned": ("退回补充({before} → {after})", "returned ({before} -> {after})"),
    "diff.finding_status": ("状态 {before} → {after}", "status {before} -> {after}"),
    "diff.finding_removed": ("整改事项被删除:{problem}", "finding deleted: {problem}"),
    "diff.deadline": ("整改期限 {before} → {after}", "deadline {before} -> {after}"),
    "diff.deadline_pushed": ("整改期限被直接改动推迟(未按延期记录):{before} → {after}", "deadline pushed back by editing it in place (not as an extension): {before} -> {after}"),
    "diff.extension": ("延期:{deadline} → {until}({by} {date} 批准:{reason})", "extension: {deadline} -> {until} (approved by {by} on {date}: {reason})"),
    "diff.extension_irregular": ("延期:{deadline} → {until}({by} {date} 批准:{reason});{problem}", "extension: {deadline} -> {until} (approved by {by} on {date}: {reason}); {problem}"),
    "diff.extension_own": ("由责任人本人批准", "approved by the finding's own owner"),
    "diff.extension_late": ("批准时原期限已过", "approved after the deadline had passed"),
    "diff.extensions_rewritten": ("延期记录 extensions 被改写或删除(只应追加)", "extensions were rewritten or removed (they may only grow)"),
    "diff.action": ("处理决定:{step}({ref},{date})", "decision: {step} ({ref}, {date})"),
    "diff.actions_rewritten": ("处理决定记录 actions 被改写或删除(只应追加)", "actions were rewritten or removed (they may only grow)"),
    "diff.repeat_confirmed": ("确认为屡查屡犯:重复 {source}", "confirmed as a repeat of {source}"),
    "diff.repeat_dismissed": ("核实后排除屡查屡犯(repeat_of: none)", "dismissed as a repeat after review (repeat_of: none)"),
    "diff.repeat_changed": ("屡查屡犯认定被改动:{before} → {after}", "the repeat finding was changed: {before} -> {after}"),
    "diff.closed_no_evidence": ("销号但没有佐证材料 evidence", "closed without evidence"),
    "diff.closed_by_owner": ("由责任人本人({by})销号", "closed by its own owner ({by})"),
    "diff.field": ("{field}:{before} → {after}", "{field}: {before} -> {after}"),
    "diff.risk_unretired": ("风险点恢复(删除了 retired 退出记录)", "risk brought back (its retired record was removed)"),
    "diff.waiver": ("新增或延长豁免:规则 {rule},至 {until}({approver}:{reason})", "waiver added or extended: rule {rule} until {until} ({approver}: {reason})"),
    "diff.rules": ("规则设置 {before} → {after}", "rule settings {before} -> {after}"),
    "diff.unreadable": ("{register} 的 {files} 无法读取,无法比较:请先运行 pdca check", "{files} in {register} cannot be read, so the change cannot be compared: run pdca check"),
    "diff.register_removed": ("整个台账被删除,{count} 个风险点随之删除:{risks}", "the whole register was deleted, and its {count} risks with it: {risks}"),
    "diff.check_added": ("新增检查:{title}({source},{count} 项问题)", "new check: {title} ({source}, {count} findings)"),
    # library and init
    "init.exists": ("{path} 已存在:pdca init 不覆盖已有的登记册", "{path} exists: pdca init does not overwrite a register"),
    "init.not_folder": ("{path} 是文件,不是文件夹", "{path} is a file, not a folder"),
    "init.year": ("--cycle {year} 不是有效的年份", "--cycle {year} is not a year pdca can use"),
    "init.org": ("--org 应是单位名称,不能为空,也不能含换行", "--org must name the organisation: not empty, no line breaks"),
    "file.symlink": ("符号链接指向登记册之外,未读取", "a symbolic link that leads outside the register; not read"),
    "init.unknown_area": ("参考风险库没有重点领域 {area}{hint};可选:{areas}", "the library has no area {area}{hint}; choose from: {areas}"),
    "init.done": ("已创建登记册 {path}:{areas} 个重点领域,{risks} 个风险点。下一步:pdca check {path}",
                  "created the register {path}: {areas} areas, {risks} risks. Next: pdca check {path}"),
    "library.unknown": ("参考风险库中没有 {id}", "the library has no entry {id}"),
    # excel import
    "import.no_area": ("表中没有“重点领域”列:风险点放入新建的重点领域“导入”", "the sheet has no 重点领域 column: risks go to a new area 导入"),
    "import.no_dimension": ("表中没有“风险类别”列:风险类别按“业务流程”登记,请核对", "the sheet has no 风险类别 column: every risk is 业务流程; check them"),
    "import.no_title": ("第 {row} 行:没有风险点名称,未导入", "row {row}: no risk point title; not imported"),
    "import.dimension_guess": ("第 {row} 行:风险类别“{value}”无法对应五个维度,按“业务流程”登记", "row {row}: category {value} matches none of the five dimensions; taken as 业务流程"),
    "import.level_unknown": ("第 {row} 行:风险等级“{value}”无法识别,可能性与危害程度留空,请补充", "row {row}: level {value} is not recognised; likelihood and impact left empty: fill them in"),
    "import.level_assumed": ("风险等级“{level}”按可能性 {likelihood}、危害程度 {impact} 登记(使矩阵算出同一等级)",
                             "level {level} is registered as likelihood {likelihood}, impact {impact} (the matrix gives the same level)"),
    "import.line_assumed": ("防控措施未写明事前/事中/事后的,按“事中”登记,请核对", "measures that do not say before/during/after are taken as during; check them"),
    "import.ignored": ("工作表“{sheet}”中未识别的列(未导入,可用 --map 指定):{columns}", "sheet {sheet}: columns not recognised (not imported; use --map): {columns}"),
    "import.note_row": ("工作表“{sheet}”第 {row} 行:跨列合并的说明行,未导入", "sheet {sheet}, row {row}: a note merged across the table; not imported"),
    "import.already": ("第 {row} 行:登记册中已有同名风险点(编号 {id}),未重复导入", "row {row}: the register already has this risk ({id}); not imported again"),
    "import.score_range": ("第 {row} 行:可能性 {likelihood}、危害程度 {impact} 超出量表,改按风险等级登记", "row {row}: likelihood {likelihood}, impact {impact} are off the scale; the level is used instead"),
    "import.id_taken": ("编号 {old} 已被占用,改为 {new}", "id {old} is taken; {new} is used instead"),
    "import.stage_a": ("处于 A 处置阶段的风险点需要本周期的检查记录(checks/),工作表中没有:请补充,否则 pdca check 会报告",
                       "risks in stage A need this cycle's checks (checks/), which the sheet does not hold: add them, or pdca check will say so"),
    "import.no_sheet": ("{path} 中找不到含“风险点”列的表头", "no sheet in {path} has a header with a 风险点 column"),
    "import.unreadable": ("无法读取 {path}:不是有效的 .xlsx 工作簿(.xls 或 CSV 请先在 Excel 中另存为 .xlsx)",
                          "cannot read {path}: not a valid .xlsx workbook (save .xls or CSV as .xlsx in Excel first)"),
    "import.bad_map": ("--map {column}={field}:没有字段 {field};可用:{fields}", "--map {column}={field}: there is no field {field}; use one of {fields}"),
    "import.read": ("从工作表“{sheet}”(表头在第 {row} 行)读到 {risks} 个风险点、{measures} 项措施", "read {risks} risks and {measures} measures from sheet {sheet} (header on row {row})"),
    "import.assumptions": ("所作的假设:", "assumptions made:"),
    "import.skipped": ("未导入的行:", "rows not imported:"),
    "owners.bad": ("审核人“{name}”含空格,不能写入 CODEOWNERS,已略过(应为 @用户名、@组织/团队 或邮箱)",
                   "reviewer {name} contains a space and cannot go into CODEOWNERS; left out (use @user, @org/team or an e-mail)"),
    # check summary
    "summary.clean": ("未发现问题({files} 个文件)", "no problems ({files} files)"),
    "summary.new": (";其中本次变更新引入的错误 {new} 个", "; {new} error(s) new in this change"),
    "summary.waived": ("(另有 {waived} 项已豁免)", " ({waived} waived)"),
    "summary.counts": ("{errors} 个错误,{warnings} 个警告({files} 个文件)", "{errors} error(s), {warnings} warning(s) ({files} files)"),
}


def text(message_id: str, lang: str = "zh", **params: Any) -> str:
    zh, en = _M[message_id]
    template = en if lang == "en" else zh
    return template.format(**params)


def field_name(name: str | int, lang: str) -> str:
    """A YAML key as users see it: the key itself, with its Chinese name beside it in zh."""
    if lang == "en" or not isinstance(name, str) or name not in FIELDS_ZH:
        return str(name)
    return f"{name}({FIELDS_ZH[name]})"


def kind_name(kind: str, lang: str) -> str:
    zh, en = KINDS[kind]
    return en if lang == "en" else zh


def label(table: dict[Any, tuple[str, str]], key: Any, lang: str) -> str:
    if key not in table:
        return str(key)
    zh, en = table[key]
    return en if lang == "en" else zh


def hint(candidates: Iterable[str], word: str, lang: str) -> str:
    """' (did you mean X?)' for the closest candidate, or ''."""
    close = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return text("schema.hint", lang, suggestion=close[0]) if close else ""
