"""A corpus of case files with personal data planted in them, for the publication leak test.

Each case carries the items that must NOT reach the publication list (`planted`: names, ID,
phone and landline numbers, house numbers) and the text that MUST (`kept`: organisations'
names, 字号, case numbers, article numbers, amounts, dates). The shapes are the ones that leaked
before: compound surnames whose given names look like organisation words (司马文城, 上官小园,
欧阳建行), minority names with every kind of middle dot — the party field using one dot and the
facts another —, roles in the party field, several people in one field, and numbers grouped and
punctuated every way people write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

KEPT_EVERYWHERE = ("第五十七条", "罚款5000元", "2019年3月5日")
LEGAL_BASIS = "《中华人民共和国某某法》第五十七条"
CREDIT_92 = "92210102MA0XAB1C2D"  # a 个体工商户's 统一社会信用代码 (类别 2)
CREDIT_91 = "91210102MA0XAB1C3E"


@dataclass
class PlantedCase:
    party: str
    party_id: str
    names_in_facts: list[str]  # as the facts spell them (another dot, a space …)
    planted: list[str]  # personal items: none may appear in any published cell
    kept: list[str] = field(default_factory=list)  # must appear in this case's row
    number: str = ""  # a personal number or house number written into the facts
    case_no: str = ""
    decided_on: date = date(2019, 3, 5)

    def facts(self) -> str:
        who = "、".join(self.names_in_facts)
        extra = f"（{self.number}）" if self.number else ""
        return (f"经查，当事人{who}{extra}于2019年3月5日无证经营，曾因同类行为受到处罚（沈环罚〔2019〕12号），"
                f"{self.names_in_facts[0]}对上述事实无异议。违反{LEGAL_BASIS}，罚款5000元。")


# (party, party_id, spellings in the facts, the names to plant)
_COMPOUND = [(name, pid, [spelled], [name]) for name, spelled in (
    ("司马文城", "司马 文城"), ("上官小园", "上官小园"), ("欧阳建行", "欧阳·建行"))
    for pid in ("", "210102197001014567", CREDIT_92)]

_DOTS = ["·", "•", "・", "．", ".", "-", "‐", "－", "\u00b7", "\u2022", "\u30fb", "\uff0e"]
_MINORITY = [("买买提", "吐尔逊"), ("阿依古丽", "买买提"), ("热依拉", "木合塔尔"), ("古丽娜尔", "艾力"),
             ("艾尔肯", "吐尔洪"), ("帕提古丽", "阿不都"), ("努尔艾力", "买合木提"), ("迪丽娜尔", "阿布拉"),
             ("阿布都热西提", "依明"), ("玛依拉", "沙吾提"), ("巴特尔", "宝音"), ("扎西", "多吉")]
_MINORITY_CASES = [
    (a + _DOTS[i] + b, "", [a + _DOTS[(i + 5) % len(_DOTS)] + b, a + b], [a + "·" + b, b])
    for i, (a, b) in enumerate(_MINORITY)]

_ROLES = [
    ("张建国（个体工商户）", "", ["张建国"], ["张建国"]),
    ("个体工商户李文斌", "", ["个体工商户李文斌"], ["李文斌"]),
    ("个体工商户：王淑芬", "", ["王淑芬"], ["王淑芬"]),
    ("赵德城（经营者）", CREDIT_92, ["赵德城"], ["赵德城"]),
    ("周立行(个体户)", "", ["周立行"], ["周立行"]),
    ("经营者：吴桂园", "", ["吴桂园"], ["吴桂园"]),
    ("沈阳市和平区老四季面馆（经营者：孙秀场）", CREDIT_92, ["孙秀场"], ["孙秀场"]),
]

_SEVERAL = [
    ("郑国强、钱多多", "", ["郑国强", "钱多多"], ["郑国强", "钱多多"]),
    ("冯志城 陈晓园", "", ["冯志城", "陈晓园"], ["冯志城", "陈晓园"]),
    ("褚卫国/卫青山", "", ["褚卫国", "卫青山"], ["褚卫国", "卫青山"]),
    ("蒋大为／沈小梅", "", ["蒋大为", "沈小梅"], ["蒋大为", "沈小梅"]),
    ("韩梅梅、杨建行、朱莉莉", "", ["韩梅梅", "杨建行", "朱莉莉"], ["韩梅梅", "杨建行", "朱莉莉"]),
    ("欧阳建行、司马文城", "", ["欧阳建行", "司马文城"], ["欧阳建行", "司马文城"]),
]

_PLAIN = [(name, pid, [name], [name]) for name, pid in (
    ("李文行", "210102198503127891"), ("王园园", ""), ("刘建城", "21010419921231002X"), ("赵家场", "210211198808081236"),
    ("孙小院", ""), ("钱立社", "210102700101123"), ("何所为", ""), ("吕站东", "210103200002291234"),
    ("施店生", "210102197001014567"), ("曹坊明", ""), ("严处安", ""), ("华庄生", "21010219700101456x"))]

# (party, party_id, kept in the row): organisations and a 个体工商户's 字号 keep their names
_ORGANISATIONS = [
    ("沈阳市某某建材有限公司", CREDIT_91), ("沈阳市某某建材有限公司", ""), ("沈阳市和平区老四季面馆（个体工商户）", CREDIT_92),
    ("沈阳某某建筑工程集团", ""), ("沈阳市 某某物业管理有限公司", ""), ("沈阳市浑南区某某农民专业合作社", "93210112MA0Y8XBK1D"),
    ("沈阳市皇姑区某某幼儿园", ""), ("辽宁某某律师事务所", "31210000MD0123456A"), ("沈阳市铁西区某某大药房", ""),
    ("沈阳市某某汽车维修中心", "91210106MA0P1234X5"),
]

# (as written in the facts, the part that must not be published)
NUMBERS = [
    # resident IDs, however grouped
    ("身份证号210102197001014567", "210102197001014567"), ("210102 19700101 456X", "21010219700101456X"),
    ("210102-19850312-7891", "210102198503127891"), ("2101 0219 9212 3100 2X", "21010219921231002X"),
    ("２１０１０２１９８８０８０８１２３６", "210102198808081236"), ("身份证 210102 700101 123", "210102700101123"),
    ("证件号码：210103 2000 0229 1234", "210103200002291234"), ("210102.19700101.456x", "21010219700101456x"),
    # mobiles
    ("13800138000", "13800138000"), ("138 0013 8000", "13800138000"), ("138-0013-8001", "13800138001"),
    ("138.0013.8002", "13800138002"), ("(138)0013 8003", "13800138003"), ("138—0013—8004", "13800138004"),
    ("1 3 8 0 0 1 3 8 0 0 5", "13800138005"), ("+86 139 0024 1234", "13900241234"),
    ("（+86）13600246810", "13600246810"), ("电话：158 4000 1234", "15840001234"), ("１８６２４００５６７８", "18624005678"),
    ("手机 137-0098-7654", "13700987654"), ("159 4000—1234", "15940001234"),
    # landlines
    ("024-12345678", "02412345678"), ("(024)1234 5678", "02412345678"), ("（024）87654321", "02487654321"),
    ("0411—8888888", "04118888888"), ("0411-8765432-801", "04118765432"), ("024 2345 6789", "02423456789"),
    ("010-87654321", "01087654321"), ("02486868686", "02486868686"), ("座机：0415—6543210", "04156543210"),
    # house numbers and addresses
    ("住沈阳市和平区58-6号", "58-6号"), ("家住某某小区12号楼3单元401", "12号楼3单元401"), ("3栋2单元501室", "3栋2单元501室"),
    ("住所：沈阳市皇姑区黄河北大街88号", "黄河北大街88号"), ("中华路17号3单元602室", "中华路17号"),
    ("5-2-301室", "5-2-301室"), ("沈阳市大东区小河沿路36-8号", "36-8号"), ("某某花园9号楼2单元1102", "9号楼2单元1102"),
]
_MORE_PEOPLE = [("马春生", "210102196502023456"), ("许丽华", ""), ("邓小城", "210104197811110021"), ("曾海园", ""),
                ("彭志行", "210105198112121234"), ("萧红场", ""), ("田文馆", "210106199003033451"), ("董社会", ""),
                ("潘所长", "210102197507078888"), ("袁院生", ""), ("蔡坊坊", "210111198404041230"), ("蒋部林", ""),
                ("余站立", "210112199909099999"), ("杜城园", ""), ("叶行之", "210113196606066666"),
                ("程庄园", "")]


def build_corpus() -> list[PlantedCase]:
    cases = [PlantedCase(party, pid, spelled, planted)
             for party, pid, spelled, planted in _COMPOUND + _MINORITY_CASES + _ROLES + _SEVERAL + _PLAIN]
    cases += [PlantedCase(org, pid, [org.replace(" ", "")], [], kept=[org]) for org, pid in _ORGANISATIONS]
    cases += [PlantedCase(name, pid, [name], [name]) for name, pid in _MORE_PEOPLE]
    step = 5  # coprime with the number of cases: the numbers land on cases of every kind
    assert len(cases) % step and len(cases) >= len(NUMBERS)
    for i, (written, planted) in enumerate(NUMBERS):
        c = cases[(i * step) % len(cases)]
        c.number = written
        c.planted.append(planted)
    for n, c in enumerate(cases, start=1):
        if c.party_id.rstrip("Xx").isdigit():  # a resident ID: never published either
            c.planted.append(c.party_id)
        c.case_no = f"沈环罚〔2019〕{100 + n}号"
        c.decided_on = date(2019, 3, 5) + timedelta(days=n)
        c.kept += [c.case_no, *KEPT_EVERYWHERE, "沈环罚〔2019〕12号"]
    return cases
