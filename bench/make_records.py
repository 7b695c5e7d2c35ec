"""Write a centre-records workbook of N fictional organizations, shaped like the sample."""

import random
import sys
from pathlib import Path

import openpyxl
from stdnum.cn import uscc

STANDARDS = [
    ("Q", "GB/T 19001-2016/ISO 9001:2015"),
    ("E", "GB/T 24001-2016/ISO 14001:2015"),
    ("S", "GB/T 45001-2020/ISO 45001:2018"),
]


def credit_code(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "9111" + "".join(rng.choice("0123456789") for _ in range(4))
    body += "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def write(path: Path, count: int, seed: int = 7) -> None:
    """Write the workbook with count organizations."""
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    orgs = book.active
    orgs.title = "获证组织"
    orgs.append(
        ["序号", "组织名称", "统一社会信用代码", "注册地址", "是否涉密单位", "备注"]
    )
    contacts = book.create_sheet("联系人")
    contacts.append(["组织名称", "联系人", "职务/负责体系", "手机", "电子邮箱"])
    certs = book.create_sheet("证书")
    certs.append(
        [
            "证书编号",
            "组织名称",
            "认证标准",
            "认证范围",
            "初次发证日期",
            "本次发证日期",
            "证书有效期至",
            "证书状态",
        ]
    )
    for n in range(count):
        name = f"测试第{n:05d}号科技有限公司"
        orgs.append([n + 1, name, credit_code(rng), f"北京市某区某路{n}号", "否", None])
        for k in range(3):
            contacts.append(
                [
                    name,
                    f"联系人{k}",
                    "质量管理体系负责人",
                    f"13{rng.randrange(10**9):09d}",
                    None,
                ]
            )
        for k, (letter, standard) in enumerate(STANDARDS[:2]):
            certs.append(
                [
                    f"99925{letter}{n:05d}{k}R0M",
                    name,
                    standard,
                    "产品的设计、生产和服务",
                    "2025-01-02",
                    "2025/1/2",
                    "2028年1月1日",
                    "有效",
                ]
            )
    book.save(path)


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
