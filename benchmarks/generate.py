"""Generate a synthetic, valid 廉洁风险 register for benchmarking ``pdca``.

    python benchmarks/generate.py --risks 10000 --files 10 --out DIR [--seed 1]
    python benchmarks/generate.py --sizes 1000,10000,50000 --out-root DIR [--files 10] [--seed 1]

The register follows the register format v1 (field names as in the spec) and is meant to pass
``pdca check --as-of 2024-06-30`` with no errors: unique ids, every reference resolves, stage gates
hold, nothing is overdue on that date, no ``level:`` is written (so it cannot mismatch) and no
finding is a repeat.

The YAML is written with string formatting, not ``yaml.dump``: it is much faster and gives the block style
a person would write (2-space indent, ``  - id: ...`` items, flow style for short lists and history).
Output is deterministic for a given (risks, files, seed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path

# Bump when the shape of the output changes; the stamp then no longer matches and sizes are regenerated.
FORMAT_VERSION = 1
STAMP_NAME = ".bench-stamp.json"
AS_OF = dt.date(2024, 6, 30)
RISKS_PER_CHECK = 20
FINDINGS_PER_CHECK = 3

# --------------------------------------------------------------------------------------------------
# Vocabulary. Every phrase is a safe YAML plain scalar, also inside flow collections (checked below).

DEPARTMENTS = [
    # id, name, leader in charge
    ("purchasing", "物资采购部", "分管采购副总经理"),
    ("engineering", "工程管理部", "总工程师"),
    ("finance", "财务部", "总会计师"),
    ("hr", "人力资源部", "党委副书记"),
    ("office", "综合办公室", "总经理"),
    ("safety", "安全环保部", "分管安全副总经理"),
    ("legal", "法律合规部", "总法律顾问"),
    ("marketing", "市场营销部", "分管营销副总经理"),
    ("assets", "资产管理部", "总会计师"),
    ("stations", "场站运营部", "分管生产副总经理"),
    ("it", "信息中心", "分管信息化副总经理"),
    ("audit", "审计部", "纪委书记"),
]

POSTS = {
    # department id -> [(post id, name, powers)]
    "purchasing": [
        ("buyer", "采购专员", ["供应商询价", "采购合同拟定", "采购需求汇总"]),
        ("supplier-admin", "供应商管理员", ["供应商准入初审", "供应商履约评价"]),
        ("warehouse-keeper", "仓库保管员", ["物资验收入库", "物资出库发放", "库存盘点"]),
    ],
    "engineering": [
        ("site-engineer", "现场工程师", ["现场签证确认", "隐蔽工程验收"]),
        ("cost-engineer", "造价工程师", ["工程量审核", "结算初审", "变更计价"]),
        ("project-manager", "项目经理", ["分包单位选择", "工程进度款申报", "设计变更申请"]),
    ],
    "finance": [
        ("cashier", "出纳", ["资金支付办理", "银行账户管理"]),
        ("accountant", "会计", ["费用报销审核", "凭证编制", "往来款核对"]),
        ("budget-officer", "预算专员", ["预算编制", "预算调整审核"]),
    ],
    "hr": [
        ("recruiter", "招聘专员", ["招聘资格审查", "面试组织"]),
        ("payroll-officer", "薪酬专员", ["工资核算", "绩效奖金计算", "社保公积金缴纳"]),
    ],
    "office": [
        ("fleet-admin", "车辆管理员", ["公务用车派遣", "车辆维修审批", "油卡管理"]),
        ("reception-officer", "接待专员", ["公务接待安排", "招待费用审核"]),
        ("seal-keeper", "印章管理员", ["公章使用审批", "介绍信开具"]),
    ],
    "safety": [
        ("safety-inspector", "安全监察员", ["安全检查", "隐患整改验收", "违章处罚"]),
        ("env-officer", "环保专员", ["排污数据报送", "环保设施验收"]),
    ],
    "legal": [
        ("contract-reviewer", "合同审核员", ["合同法律审核", "合同用印审批"]),
        ("compliance-officer", "合规专员", ["合规审查", "合规风险提示"]),
    ],
    "marketing": [
        ("sales-rep", "销售经理", ["客户授信申请", "销售价格执行", "销售折让申请"]),
        ("customer-admin", "客户管理员", ["客户准入审核", "应收账款催收"]),
    ],
    "assets": [
        ("asset-admin", "资产管理员", ["资产登记", "资产处置申报", "资产出租管理"]),
        ("property-officer", "房产管理员", ["房屋出租", "物业费用结算"]),
    ],
    "stations": [
        ("station-master", "站长", ["场站物资领用", "外委作业安排", "班组考核"]),
        ("dispatcher", "调度员", ["生产调度", "车辆装卸安排"]),
    ],
    "it": [
        ("it-admin", "系统管理员", ["系统权限分配", "数据修改审批"]),
        ("it-purchaser", "信息化项目专员", ["软件采购需求", "信息化项目验收"]),
    ],
    "audit": [
        ("auditor", "审计专员", ["审计项目实施", "审计结果认定"]),
    ],
}

# id, name, prefix, departments (primary first), processes, short risk names, manifestations, objects
AREAS = [
    ("procurement", "物资采购", "CG", ["purchasing", "finance", "legal"],
     ["供应商选择", "采购需求编制", "询价比价", "物资验收", "采购合同签订", "零星采购"],
     ["利益输送", "违规指定供应商", "围标串标", "虚假验收", "拆分采购规避招标", "收受回扣"],
     ["指定或变相指定供应商", "与供应商串通抬高价格", "以次充好降低验收标准", "化整为零规避集中采购",
      "泄露标底和评审信息", "接受供应商宴请和礼品", "虚报采购数量套取资金", "应招未招直接委托"],
     ["供应商准入", "采购评审", "物资验收", "零星采购"]),
    ("engineering", "工程建设", "GC", ["engineering", "purchasing", "finance"],
     ["工程变更", "现场签证", "隐蔽工程验收", "分包管理", "工程结算", "进度款支付"],
     ["虚假签证", "违规变更", "高估冒算", "违法分包", "验收走过场", "超额支付进度款"],
     ["虚增工程量套取资金", "先施工后变更补办手续", "默许施工单位违法转包", "签证内容与现场不符",
      "结算审核放宽标准", "收受施工单位好处费", "隐蔽工程未到场验收即签字", "进度款支付超过合同比例"],
     ["工程变更", "现场签证", "工程结算", "分包管理"]),
    ("funds", "资金管理", "ZJ", ["finance", "office", "audit"],
     ["大额资金支付", "费用报销", "银行账户管理", "预算调整", "往来款清理", "备用金管理"],
     ["违规支付", "虚假报销", "公款私存", "挪用资金", "预算随意调整", "账外设账"],
     ["化整为零规避大额资金审批", "虚开发票报销个人费用", "私设小金库", "未经审批对外出借资金",
      "重复报销同一笔费用", "挪用备用金长期不还", "违规开立银行账户", "调整预算掩盖超支"],
     ["大额资金", "费用报销", "银行账户", "预算"]),
    ("personnel", "选人用人", "RY", ["hr", "office", "audit"],
     ["干部选拔", "员工招聘", "绩效考核", "薪酬发放", "职称评审", "人员调配"],
     ["任人唯亲", "违规招聘", "考核弄虚作假", "违规发放薪酬", "条件放宽", "跑风漏气"],
     ["降低条件录用关系人员", "泄露面试题目", "考核打分随意", "违规提高薪酬标准",
      "为亲属安排岗位", "民主推荐走过场", "伪造学历和工作经历", "变相发放津补贴"],
     ["干部选拔", "招聘录用", "绩效考核", "薪酬发放"]),
    ("vehicles", "公务用车", "YC", ["office", "finance", "hr"],
     ["车辆派遣", "车辆维修", "燃油管理", "车辆购置", "用车登记", "车辆处置"],
     ["公车私用", "虚报维修费用", "油卡挪用", "超标准配车", "私车公养", "违规处置车辆"],
     ["节假日公车私用", "与维修厂串通虚增维修项目", "油卡为私车加油", "超标准配备公务用车",
      "私车费用公款报销", "低价处置公务车辆", "用车登记不实", "公车停放在个人住所"],
     ["公务用车", "车辆维修", "燃油", "用车登记"]),
    ("hospitality", "业务招待", "ZD", ["office", "finance", "marketing"],
     ["公务接待", "招待费报销", "礼品采购", "会议费管理", "差旅费报销", "外事接待"],
     ["超标准接待", "虚列招待费", "违规收送礼品", "借会议之名旅游", "差旅超标", "变相公款吃喝"],
     ["超标准安排接待宴请", "虚开餐费发票报销", "以招待名义报销个人消费", "违规购买高档礼品",
      "会议期间组织旅游", "差旅住宿超标准", "接待无公函", "陪餐人数超过规定"],
     ["公务接待", "招待费", "会议费", "差旅费"]),
    ("contracts", "合同管理", "HT", ["legal", "purchasing", "marketing"],
     ["合同订立", "合同审核", "合同履行", "合同变更", "合同用印", "合同归档"],
     ["先履行后签约", "合同条款显失公平", "违规变更合同", "合同审核流于形式", "擅自用印", "虚假合同"],
     ["未经法律审核即签订合同", "合同价款约定不明", "擅自放宽付款条件", "签订阴阳合同",
      "合同履行监督缺失", "违规使用合同专用章", "合同变更未经审批", "倒签合同日期"],
     ["合同订立", "合同审核", "合同变更", "合同用印"]),
    ("safety", "安全生产", "AQ", ["safety", "stations", "engineering"],
     ["安全检查", "隐患整改", "外委作业", "安全投入", "违章处罚", "安全培训"],
     ["检查走过场", "隐患整改弄虚作假", "外委单位违规准入", "安全费用挪用", "违章处罚不严", "培训记录造假"],
     ["接受被检查单位宴请", "隐患未整改即销号", "降低外委单位安全准入条件", "挪用安全生产费用",
      "违章处罚以罚代管", "伪造安全培训记录", "检查发现问题不上报", "安全考核打人情分"],
     ["安全检查", "隐患整改", "外委作业", "安全费用"]),
    ("assets", "资产管理", "ZC", ["assets", "finance", "legal"],
     ["资产处置", "房屋出租", "资产清查", "资产登记", "废旧物资回收", "资产评估"],
     ["低价处置资产", "违规出租", "资产流失", "账实不符", "废旧物资私卖", "评估造假"],
     ["未经评估低价转让资产", "房屋出租不公开招租", "资产清查隐瞒盘亏", "废旧物资未入账私自变卖",
      "与评估机构串通压低价格", "出租合同到期未收回", "资产登记信息不实", "闲置资产长期无人管理"],
     ["资产处置", "房屋出租", "资产清查", "废旧物资"]),
    ("sales", "销售管理", "XS", ["marketing", "finance", "legal"],
     ["客户准入", "销售定价", "客户授信", "销售折让", "应收账款", "销售返利"],
     ["违规授信", "低价销售", "违规折让", "应收账款失控", "返利截留", "关联交易"],
     ["对关联客户违规授信", "擅自降低销售价格", "虚构折让事项", "应收账款长期不催收",
      "截留销售返利", "为特定客户提供便利", "收受客户好处费", "销售数据弄虚作假"],
     ["客户授信", "销售定价", "销售折让", "应收账款"]),
    ("stations", "场站管理", "CZ", ["stations", "safety", "purchasing"],
     ["场站物资领用", "外委作业管理", "计量管理", "班组考核", "设备维修", "现场装卸"],
     ["物资冒领", "外委作业虚报工作量", "计量作弊", "考核不公", "维修费虚高", "吃拿卡要"],
     ["虚报物资领用数量", "外委作业量虚报多结", "篡改计量数据", "班组考核优亲厚友",
      "维修项目重复结算", "装卸作业收取好处费", "现场签字代签", "物资账实不符"],
     ["场站物资", "外委作业", "计量", "设备维修"]),
    ("it", "信息化建设", "XX", ["it", "purchasing", "finance"],
     ["系统权限管理", "软件采购", "信息化项目验收", "数据修改", "运维外包", "数据安全"],
     ["权限滥用", "违规采购软件", "验收不严", "违规修改数据", "外包费用虚高", "数据泄露"],
     ["超范围授予系统权限", "指定软件供应商", "项目未完成即验收付款", "擅自修改业务数据",
      "运维工作量虚报", "违规向外部提供数据", "离岗人员权限未注销", "共用系统账号"],
     ["系统权限", "软件采购", "项目验收", "数据修改"]),
]

DIMENSIONS = ["职业道德", "岗位职责", "业务流程", "制度机制", "内外部环境"]
DIMENSION_WEIGHTS = [10, 25, 40, 15, 10]
TAGS = ["微权力", "小切口", "关键岗位", "重点环节", "一把手", "三重一大", "八项规定", "廉洁从业", "新增风险"]
INDICATORS = ["月内超过{n}次", "季度累计超过{n}万元", "单笔超过{n}万元", "同一对象年内超过{n}次",
              "审批时限超过{n}个工作日", "偏差率超过{n}%", "投诉举报超过{n}件"]

KINDS = {
    "before": ["制度", "教育", "流程"],
    "during": ["流程", "监督", "技术"],
    "after": ["监督", "第三方", "技术"],
}
MEASURE_TITLES = {
    "before": ["{obj}事项实行三人以上集体评审", "修订{obj}管理办法并明确审批权限", "关键岗位人员签订廉洁从业承诺书",
               "开展{obj}专题廉洁教育", "建立{obj}负面清单和禁止性规定", "{obj}标准纳入OA流程固化",
               "{obj}事项提交党委会前置研究", "开展节日廉洁提醒谈话"],
    "during": ["{obj}全过程留痕并在OA线上审批", "{obj}实行双人复核", "纪检人员全程监督{obj}",
               "{obj}关键环节视频记录", "{obj}信息公开公示", "{obj}不相容岗位分离",
               "{obj}系统设置刚性控制节点", "大额{obj}事项实行会签"],
    "after": ["每季度开展{obj}专项检查", "引入第三方对{obj}进行审计", "开展{obj}后评价",
              "建立{obj}问题台账并限期整改销号", "对{obj}数据开展比对分析", "关键岗位定期轮岗交流",
              "{obj}纳入月度例会通报", "开展{obj}廉洁回访"],
}
SOURCES = [
    # source, id prefix, title template, weight
    ("巡视巡察", "XS", "2024年{area}领域专项巡察", 8),
    ("审计", "SJ", "2024年{area}专项审计", 20),
    ("内控合规评价", "NK", "2024年{area}内控合规评价", 10),
    ("安全生产检查", "AQJ", "2024年{area}安全生产检查", 6),
    ("大党建检查", "DJ", "2024年大党建检查（{area}）", 8),
    ("物资检查", "WZ", "2024年{area}物资检查", 6),
    ("自查自验", "ZCZY", "2024年上半年{area}自查自验", 25),
    ("信访举报", "XF", "{area}信访举报线索核查", 5),
    ("日常监督", "RC", "2024年{area}日常监督检查", 12),
]
PROBLEMS = ["{obj}审批记录不完整", "{obj}未履行集体决策程序", "{obj}资料归档不及时", "{obj}台账与实际不符",
            "{obj}流程存在先办后补", "{obj}监督检查留痕不足", "{obj}制度未及时修订", "{obj}不相容岗位未分离"]
TASKS = ["补齐{obj}相关记录并修订管理办法", "规范{obj}决策程序并组织专题学习", "建立{obj}台账并按月核对",
         "完善{obj}流程并在OA固化", "开展{obj}专项自查并举一反三", "修订{obj}制度并组织培训"]
RESULTS = ["已修订《{obj}管理办法》并组织培训", "已补齐全部{obj}记录并归档", "已完成{obj}流程OA固化",
           "已建立{obj}台账并开展核对", "已开展{obj}专项自查并整改到位", "已组织{obj}专题学习并签订承诺书"]
FINDING_STATUS = [("closed", 40), ("done", 20), ("rectifying", 25), ("open", 15)]
HISTORY_NOTES = {
    "P": "风险点识别",
    "P2": "等级复核，措施待制定",
    "D": "措施已制定",
    "C": "措施全部落实",
    "A": "检查无遗留问题",
}
CLOSED_BY = "纪委办公室"

# ASCII flow indicators, ':' and '#' anywhere; YAML indicators at the start; blanks at either end.
_UNSAFE = re.compile(r"[:#,\[\]{}\n]|^[-?&*!|>'\"%@`\s]|\s$")


def _check_vocabulary() -> None:
    """Fail fast if a phrase would not read back as the same plain string (flow context included)."""
    phrases: list[str] = [n for _, n, _ in DEPARTMENTS] + [leader for _, _, leader in DEPARTMENTS]
    for posts in POSTS.values():
        for _, name, powers in posts:
            phrases += [name, *powers]
    for area in AREAS:
        phrases += [area[1], *area[4], *area[5], *area[6], *area[7]]
    phrases += DIMENSIONS + TAGS + list(HISTORY_NOTES.values()) + [CLOSED_BY]
    phrases += [t.format(n=3) for t in INDICATORS]
    for titles in MEASURE_TITLES.values():
        phrases += [t.format(obj="X") for t in titles]
    phrases += [t.format(obj="X") for t in PROBLEMS + TASKS + RESULTS]
    phrases += [t.format(area="X") for _, _, t, _ in SOURCES]
    bad = [p for p in phrases if _UNSAFE.search(p)]
    if bad:
        raise SystemExit(f"unsafe phrases in vocabulary: {bad}")


# --------------------------------------------------------------------------------------------------
# Dates are day ordinals while planning; formatted once through a cache.

_DATE_CACHE: dict[int, str] = {}


def d2s(o: int) -> str:
    s = _DATE_CACHE.get(o)
    if s is None:
        s = _DATE_CACHE[o] = dt.date.fromordinal(o).isoformat()
    return s


def _o(y: int, m: int, d: int) -> int:
    return dt.date(y, m, d).toordinal()


CYCLE_START, CYCLE_END = _o(2024, 1, 1), _o(2024, 12, 31)
ASOF = AS_OF.toordinal()
AFTER_ASOF = ASOF + 1  # first day a planned measure / open finding may be due without being overdue


class Area:
    def __init__(self, index: int) -> None:
        base = AREAS[index % len(AREAS)]
        rnd = index // len(AREAS)  # > 0 when more files than base areas: numbered copies
        self.id = base[0] if rnd == 0 else f"{base[0]}-{rnd + 1}"
        self.name = base[1] if rnd == 0 else f"{base[1]}（{rnd + 1}）"
        self.prefix = base[2] if rnd == 0 else f"{base[2]}{chr(ord('A') + (rnd - 1) % 26)}{'' if rnd <= 26 else rnd}"
        self.departments = base[3]
        self.processes, self.short, self.manifest, self.objects = base[4], base[5], base[6], base[7]


DEPT = {d[0]: d for d in DEPARTMENTS}


def _owners(dept_id: str) -> list[str]:
    name = DEPT[dept_id][1]
    head = name + ("主任" if name.endswith(("室", "中心")) else "经理")
    return [head, head.replace("主任", "副主任") if head.endswith("主任") else head.replace("经理", "副经理")]


OWNERS = {d: _owners(d) for d in DEPT}


# --------------------------------------------------------------------------------------------------
# Generation


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights)[0]


def generate(out: Path, risks: int, files: int, seed: int) -> dict:
    """Write the register into ``out`` (which must be empty or absent). Returns a summary."""
    if risks < 1 or files < 1:
        raise SystemExit("--risks and --files must be >= 1")
    files = min(files, risks)
    rng = random.Random(seed)
    areas = [Area(i) for i in range(files)]
    (out / "risks").mkdir(parents=True, exist_ok=True)
    (out / "checks").mkdir(parents=True, exist_ok=True)
    used_posts: set[str] = set()
    check_seq = 0
    n_measures = n_findings = n_checks = 0
    src_names = [s for s in SOURCES]
    src_weights = [s[3] for s in SOURCES]
    for area, count in zip(areas, _spread(risks, files)):
        width = max(3, len(str(count)))
        ids = [f"{area.prefix}-{i:0{width}d}" for i in range(1, count + 1)]
        # Plan checks first: each covers a block of ~20 consecutive risks of this area, so a finding's risk
        # is never examined twice (no repeat findings) and A-stage risks can be placed where a check exists.
        risk_check: dict[int, tuple[int, int | None]] = {}  # risk index -> (check date, finding cleared date)
        blocked: set[int] = set()  # risks with an open/rectifying finding: cannot be in A
        risk_dept = [area.departments[0] if rng.random() < 0.6 else rng.choice(area.departments)
                     for _ in range(count)]
        check_lines: list[str] = [f"# 检查与整改事项：{area.name}（synthetic, benchmarks/generate.py seed={seed}）\n",
                                  "checks:\n"]
        for start in range(0, count, RISKS_PER_CHECK):
            block = list(range(start, min(start + RISKS_PER_CHECK, count)))
            listed = sorted(rng.sample(block, max(1, round(len(block) * rng.uniform(0.7, 1.0)))))
            check_seq += 1
            n_checks += 1
            source, sprefix, stitle, _ = _weighted(rng, src_names, src_weights)
            cid = f"{sprefix}-2024-{check_seq:04d}"
            cdate = rng.randint(_o(2024, 3, 20), _o(2024, 6, 10))
            depts = sorted({risk_dept[i] for i in listed}, key=[d[0] for d in DEPARTMENTS].index)
            w = check_lines.append
            w(f"  - id: {cid}\n")
            w(f"    source: {source}\n")
            w(f"    title: {stitle.format(area=area.name)}\n")
            w(f"    date: {d2s(cdate)}\n")
            w(f"    departments: [{', '.join(depts)}]\n")
            w(f"    risks: [{', '.join(ids[i] for i in listed)}]\n")
            w("    findings:\n")
            for i in listed:
                risk_check[i] = (cdate, None)
            for k, ri in enumerate(rng.sample(listed, min(FINDINGS_PER_CHECK, len(listed))), 1):
                n_findings += 1
                status = _weighted(rng, [s for s, _ in FINDING_STATUS], [x for _, x in FINDING_STATUS])
                obj = rng.choice(area.objects)
                dept = risk_dept[ri]
                w(f"      - id: {cid}-F{k}\n")
                w(f"        risk: {ids[ri]}\n")
                w(f"        problem: {rng.choice(PROBLEMS).format(obj=obj)}\n")
                w(f"        task: {rng.choice(TASKS).format(obj=obj)}\n")
                w(f"        department: {dept}\n")
                w(f"        owner: {OWNERS[dept][0]}\n")
                w(f"        leader: {DEPT[dept][2]}\n")
                if status in ("open", "rectifying"):
                    deadline = min(max(cdate + rng.randint(30, 150), AFTER_ASOF), CYCLE_END)
                    w(f"        deadline: {d2s(deadline)}\n")
                    w(f"        status: {status}\n")
                    if rng.random() < 0.05:
                        w("        long_term: true\n")
                    blocked.add(ri)
                else:
                    deadline = cdate + rng.randint(20, 60)
                    done = min(cdate + rng.randint(5, 40), deadline, _o(2024, 6, 25))
                    w(f"        deadline: {d2s(deadline)}\n")
                    w(f"        status: {status}\n")
                    w(f"        done: {d2s(done)}\n")
                    w(f"        result: {rng.choice(RESULTS).format(obj=obj)}\n")
                    w(f"        evidence: OA-2024-{rng.randint(1, 9999):04d}\n")
                    cleared = done
                    if status == "closed":
                        cleared = min(done + rng.randint(1, 10), _o(2024, 6, 29))
                        w(f"        closed: {{date: {d2s(cleared)}, by: {CLOSED_BY}}}\n")
                    risk_check[ri] = (cdate, cleared)
        (out / "checks" / f"{area.id}.yaml").write_text("".join(check_lines), encoding="utf-8")

        lines: list[str] = [f"# 廉洁风险点：{area.name}（synthetic, benchmarks/generate.py seed={seed}）\n", "risks:\n"]
        w = lines.append
        dept_posts = {d: POSTS[d] for d in area.departments}
        post_cursor = {d: 0 for d in area.departments}
        for i, rid in enumerate(ids):
            dept = risk_dept[i]
            # Round-robin over the department's posts so every post listed in pdca.yaml has risk points.
            posts = dept_posts[dept]
            post = posts[post_cursor[dept] % len(posts)]
            post_cursor[dept] += 1
            used_posts.add(post[0])
            likelihood = _weighted(rng, [1, 2, 3, 4, 5], [20, 32, 32, 11, 5])
            impact = _weighted(rng, [1, 2, 3, 4, 5], [20, 32, 32, 11, 5])
            legal = rng.random() < 0.05
            if legal:  # legal liability is a severe consequence (rule legal-liability-impact)
                impact = max(impact, 4)
            stage = _weighted(rng, ["P", "D", "C", "A"], [8, 32, 25, 35])
            examined = risk_check.get(i)
            if stage == "A" and (examined is None or i in blocked):
                stage = "C"
            proc = rng.choice(area.processes)
            ident = rng.randint(_o(2024, 1, 2), _o(2024, 3, 15))
            owner = rng.choice(OWNERS[dept] + [post[1]])
            w(f"  - id: {rid}\n")
            w(f"    title: {proc}中{rng.choice(area.short)}\n")
            w(f"    area: {area.id}\n")
            w(f"    department: {dept}\n")
            w(f"    post: {post[0]}\n")
            w(f"    owner: {owner}\n")
            w(f"    dimension: {_weighted(rng, DIMENSIONS, DIMENSION_WEIGHTS)}\n")
            m1, m2 = rng.sample(area.manifest, 2)
            w(f"    description: {m1}，{m2}\n")
            w(f"    process: {proc}\n")
            w(f"    indicator: {proc}{rng.choice(INDICATORS).format(n=rng.randint(2, 20))}\n")
            w(f"    leader: {DEPT[dept][2]}\n")
            w(f"    likelihood: {likelihood}\n")
            w(f"    impact: {impact}\n")
            w(f"    legal_liability: {'true' if legal else 'false'}\n")
            w(f"    stage: {stage}\n")
            w(f"    identified: {d2s(ident)}\n")

            # Timeline: identified -> D (measures set) -> measures done -> C -> (check, findings cleared) -> A
            d_date = ident + rng.randint(3, 30)
            nm = rng.choice((3, 4))
            lines_of = ["before", rng.choice(("during", "after"))] + [rng.choice(("before", "during", "after"))
                                                                      for _ in range(nm - 2)]
            statuses: list[str]
            if stage == "P":
                statuses = [rng.choice(("planned", "planned", "in_progress")) for _ in range(nm)]
            elif stage == "D":
                statuses = [_weighted(rng, ["done", "in_progress", "planned"], [45, 30, 25]) for _ in range(nm)]
                if all(s == "done" for s in statuses):
                    statuses[-1] = "in_progress"
            else:
                statuses = ["done"] * nm
            # An extra 4th measure is sometimes dropped; the first two (two lines) always stay.
            if nm == 4 and rng.random() < 0.08:
                statuses[3] = "dropped"
            cap = _o(2024, 5, 31) if stage in ("C", "A") else _o(2024, 6, 25)
            dones = [min(rng.randint(d_date + 1, d_date + 100), cap) if s == "done" else 0 for s in statuses]
            if stage == "P":
                history = [("P", ident, HISTORY_NOTES["P"]),
                           ("P", min(ident + rng.randint(5, 60), ASOF), HISTORY_NOTES["P2"])]
            elif stage == "D":
                history = [("P", ident, HISTORY_NOTES["P"]), ("D", d_date, HISTORY_NOTES["D"])]
            else:
                c_date = max(dones) + rng.randint(1, 10)
                if stage == "C":
                    history = [("D", d_date, HISTORY_NOTES["D"]), ("C", c_date, HISTORY_NOTES["C"])]
                else:
                    cdate, cleared = examined  # type: ignore[misc]
                    a_from = max(c_date, cdate, cleared or 0)
                    a_date = min(a_from + rng.randint(1, 10), ASOF)
                    history = [("C", c_date, HISTORY_NOTES["C"]), ("A", a_date, HISTORY_NOTES["A"])]
            last = max(history[-1][1], *dones)
            reviewed = rng.randint(last, ASOF) if last < ASOF else ASOF
            w(f"    reviewed: {d2s(reviewed)}\n")
            tags = rng.sample(TAGS, rng.choice((1, 2, 2, 3)))
            w(f"    tags: [{', '.join(tags)}]\n")
            w("    history:\n")
            for st, day, note in history:
                w(f"      - {{stage: {st}, date: {d2s(day)}, note: {note}}}\n")
            w("    measures:\n")
            for j, (line, status, done) in enumerate(zip(lines_of, statuses, dones), 1):
                n_measures += 1
                w(f"      - id: {rid}-M{j}\n")
                w(f"        title: {rng.choice(MEASURE_TITLES[line]).format(obj=rng.choice(area.objects))}\n")
                w(f"        line: {line}\n")
                w(f"        kind: {rng.choice(KINDS[line])}\n")
                w(f"        owner: {owner if rng.random() < 0.6 else rng.choice(OWNERS[dept])}\n")
                if status == "done":
                    w(f"        due: {d2s(done + rng.randint(0, 30))}\n")
                    w("        status: done\n")
                    w(f"        done: {d2s(done)}\n")
                    w(f"        evidence: OA-2024-{rng.randint(1, 9999):04d}\n")
                else:
                    w(f"        due: {d2s(rng.randint(AFTER_ASOF, CYCLE_END))}\n")
                    w(f"        status: {status}\n")
        (out / "risks" / f"{area.id}.yaml").write_text("".join(lines), encoding="utf-8")

    (out / "pdca.yaml").write_text(_config(areas, used_posts, seed), encoding="utf-8")
    return {"risks": risks, "files": files, "seed": seed, "measures": n_measures,
            "checks": n_checks, "findings": n_findings}


def _config(areas: list[Area], used_posts: set[str], seed: int) -> str:
    out = [
        f"# synthetic register for benchmarks (benchmarks/generate.py seed={seed}); valid as of {AS_OF}\n",
        "schema: pdca/v1\n",
        "organization: X公司\n",
        "language: zh\n",
        "cycle:\n",
        '  id: "2024"\n',
        f"  start: {d2s(CYCLE_START)}\n",
        f"  end: {d2s(CYCLE_END)}\n",
        "departments:\n",
    ]
    out += [f"  - {{id: {d}, name: {name}}}\n" for d, name, _ in DEPARTMENTS]
    out.append("areas:\n")
    out += [f"  - {{id: {a.id}, name: {a.name}, prefix: {a.prefix}}}\n" for a in areas]
    out.append("posts:\n")
    for dept, posts in POSTS.items():
        for pid, name, powers in posts:
            if pid in used_posts:  # a post with powers but no risk point would fail coverage
                out.append(f"  - id: {pid}\n    name: {name}\n    department: {dept}\n"
                           f"    powers: [{', '.join(powers)}]\n")
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# Stamps and the --sizes mode


def _stamp(risks: int, files: int, seed: int) -> dict:
    src = Path(__file__).read_bytes()
    return {"generator": "benchmarks/generate.py", "format_version": FORMAT_VERSION,
            "source_sha256": hashlib.sha256(src).hexdigest()[:16],
            "risks": risks, "files": files, "seed": seed}


def size_name(risks: int) -> str:
    return f"r{risks // 1000}k" if risks % 1000 == 0 else f"r{risks}"


def stamp_matches(out: Path, risks: int, files: int, seed: int) -> bool:
    try:
        return json.loads((out / STAMP_NAME).read_text(encoding="utf-8")) == _stamp(risks, files, seed)
    except (OSError, ValueError):
        return False


def write_register(out: Path, risks: int, files: int, seed: int, force: bool = False) -> dict:
    """Generate into a temporary sibling folder, then move it into place (no half-written register)."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / STAMP_NAME).exists() and not force:
        raise SystemExit(f"{out} exists, is not empty and was not made by this script (use --force)")
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    summary = generate(tmp, risks, files, seed)
    (tmp / STAMP_NAME).write_text(json.dumps(_stamp(risks, files, seed), indent=1) + "\n", encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, out)
    return summary


def ensure(root: Path, risks: int, files: int = 10, seed: int = 1, quiet: bool = False) -> tuple[Path, bool]:
    """Make ``root/r<size>`` unless it already holds a register with a matching stamp. Returns (dir, made)."""
    out = root / size_name(risks)
    if stamp_matches(out, risks, files, seed):
        if not quiet:
            print(f"{out}: up to date, skipped")
        return out, False
    t0 = time.perf_counter()
    s = write_register(out, risks, files, seed, force=True)
    if not quiet:
        print(f"{out}: {s['risks']} risks, {s['measures']} measures, {s['checks']} checks, "
              f"{s['findings']} findings in {time.perf_counter() - t0:.1f} s")
    return out, True


def parse_size(text: str) -> int:
    text = text.strip().lower()
    mult = 1000 if text.endswith("k") else 1
    return int(text.rstrip("k")) * mult


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--risks", type=int, help="number of risks (with --out)")
    p.add_argument("--files", type=int, default=10, help="risk files, one area each (default 10)")
    p.add_argument("--out", type=Path, help="register folder to write")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sizes", help="comma-separated sizes, e.g. 1000,10000,50000 or 1k,10k (with --out-root)")
    p.add_argument("--out-root", type=Path, help="folder receiving r1k, r10k, ... (with --sizes)")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty --out not made by this script")
    a = p.parse_args(argv)
    _check_vocabulary()
    if a.sizes:
        if a.out_root is None or a.out is not None:
            p.error("--sizes needs --out-root (and not --out)")
        for size in a.sizes.split(","):
            ensure(a.out_root, parse_size(size), a.files, a.seed)
        return 0
    if a.out is None or a.risks is None:
        p.error("give --risks N --out DIR, or --sizes ... --out-root DIR")
    t0 = time.perf_counter()
    s = write_register(a.out, a.risks, a.files, a.seed, force=a.force)
    print(f"{a.out}: {s['risks']} risks in {s['files']} files, {s['measures']} measures, {s['checks']} checks, "
          f"{s['findings']} findings in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
