"""Realistic names, ID numbers and credit codes for the demo data (valid check digits)."""

from __future__ import annotations

import random
from datetime import date, timedelta

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志宏海波鹏辉俊峰斌瑞凯浩宇晨阳欣怡佳琪雪梅晓东立新春林"
COMPANY_HEADS = ("沈阳", "辽宁", "浑南", "于洪", "苏家屯", "新民", "辽中", "法库", "康平", "沈北")
COMPANY_TRADES = ("建筑工程", "砂石", "市政工程", "物流", "农业开发", "房地产开发", "混凝土", "水产养殖",
                  "环保科技", "建材")
COMPANY_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "工程队")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
AREA_CODES = ("210102", "210103", "210104", "210105", "210106", "210111", "210112", "210113", "210114")


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def company_name(rng: random.Random) -> str:
    return (rng.choice(COMPANY_HEADS) + rng.choice(("宏", "盛", "鑫", "华", "达", "通", "泰", "恒"))
            + rng.choice(("远", "源", "基", "业", "兴", "利", "安", "祥")) + rng.choice(COMPANY_TRADES)
            + rng.choice(COMPANY_FORMS))


def resident_id(rng: random.Random) -> str:
    """An 18-digit 居民身份证号码 with a correct GB 11643 check character."""
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    body = rng.choice(AREA_CODES) + born.strftime("%Y%m%d") + f"{rng.randrange(0, 1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def credit_code(rng: random.Random) -> str:
    """An 18-character 统一社会信用代码 with a correct GB 32100 check character."""
    body = "9121" + rng.choice(("01", "02", "03", "11", "12")) + "00" + "".join(
        rng.choice(USCC_CHARS) for _ in range(9))
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]
