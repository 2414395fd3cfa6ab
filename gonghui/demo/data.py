"""Fixed facts of the demo district: Panyu's 16 towns of 2014 (domain-rules §13) and word lists."""

# (name, kind label, pinyin for the demo login, division code, weight of employers)
TOWNS = [
    ("市桥街道", "shiqiao", "440113001", 9),
    ("沙头街道", "shatou", "440113002", 5),
    ("东环街道", "donghuan", "440113003", 6),
    ("桥南街道", "qiaonan", "440113004", 5),
    ("小谷围街道", "xiaoguwei", "440113005", 2),
    ("大石街道", "dashi", "440113006", 8),
    ("洛浦街道", "luopu", "440113007", 5),
    ("石壁街道", "shibi", "440113008", 5),
    ("钟村街道", "zhongcun", "440113009", 6),
    ("大龙街道", "dalong", "440113010", 6),
    ("南村镇", "nancun", "440113101", 8),
    ("新造镇", "xinzao", "440113102", 3),
    ("化龙镇", "hualong", "440113103", 6),
    ("石楼镇", "shilou", "440113104", 6),
    ("沙湾镇", "shawan", "440113105", 6),
    ("石碁镇", "shiji", "440113106", 9),
]

# District-level sector unions and federations named in the work report.
SECTORS = [
    ("sector", "番禺区教育系统工会"),
    ("sector", "番禺区卫生系统工会"),
    ("sector", "番禺区直属机关工会工作委员会"),
    ("sector", "番禺区建设系统工会"),
    ("sector", "番禺区社会组织工会工作委员会"),
    ("industry_federation", "番禺区民办教育机构行业工会联合会"),
]
# (town name, kind, name) federations inside a town.
TOWN_FEDERATIONS = [
    ("桥南街道", "industry_federation", "桥南街纸类行业工会联合会"),
    ("东环街道", "area_federation", "东环街番山创业中心工会联合会"),
]

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文辉俊鹏飞斌宇浩凯婷雪琳晨欣怡子轩梓涵嘉豪锦荣家伟少华振东永健"
)
# Given names of people whose RIC says their sex (members, case parties, lawyers): a name
# fits the sex (issue #10: "陈娜" was a man). GIVEN above stays for people with no sex on
# record (union chairs, staff logins), so their names do not move.
# One string per list reads as the word list it is (hence the noqa).
GIVEN_FEMALE = (  # noqa: SIM905
    "芳 娜 敏 静 丽 艳 娟 霞 婷 雪 琳 燕 萍 玲 洁 慧 颖 倩 莉 丹 "
    "欣怡 梓涵 秀英 秀兰 桂英 玉梅 丽娟 晓燕 美玲 佳怡 雨欣 诗涵 思琪 淑华 春梅 "
    "嘉欣 惠珍 彩霞 海燕 翠兰 文静 雅琪 婉婷 晓丽 淑芬 秀珍 凤英 丽华 小红 月娥"
).split()
GIVEN_MALE = (  # noqa: SIM905
    "伟 强 磊 军 洋 勇 杰 涛 明 超 刚 斌 宇 浩 凯 鹏 辉 峰 亮 鑫 "
    "建国 志强 文辉 俊杰 鹏飞 浩然 子轩 嘉豪 锦荣 家伟 振东 永健 国强 建华 志明 "
    "海波 德明 永强 伟明 博文 晨阳 志伟 卫东 国华 少锋 健雄 子豪 俊熙 宇航 家明"
).split()
BRAND = list(
    "锐丰东塑番华星宏达恒信利嘉盈海宝瑞祥兴隆泰安德顺和裕新源华美创联通金汇鸿运粤峰永昌广益佳俊盛"
)
INDUSTRY_WORDS = {
    "C": [
        "电子",
        "音响",
        "五金",
        "塑料",
        "珠宝",
        "服装",
        "纸业",
        "家具",
        "灯饰",
        "电缆",
        "机械",
        "食品",
    ],
    "E": ["建筑工程", "装饰工程", "市政工程"],
    "F": ["贸易", "商贸", "百货"],
    "G": ["物流", "运输", "巴士"],
    "H": ["酒店", "餐饮管理"],
    "I": ["信息科技", "软件", "网络科技"],
    "J": ["小额贷款", "融资担保"],
    "K": ["房地产开发", "物业管理"],
    "L": ["人力资源", "劳务派遣", "企业管理"],
    "M": ["检测技术", "设计研究"],
    "N": ["环卫服务", "园林绿化"],
    "O": ["家政服务", "汽车维修"],
    "P": ["培训中心", "幼儿园", "学校"],
    "Q": ["医院", "卫生服务中心", "养老院"],
    "R": ["文化传播", "体育发展"],
    "S": ["街道办事处", "服务中心"],
}
INDUSTRY_WEIGHTS = {
    "C": 40,
    "F": 12,
    "E": 6,
    "G": 5,
    "H": 6,
    "I": 4,
    "J": 1,
    "K": 4,
    "L": 6,
    "M": 2,
    "N": 2,
    "O": 4,
    "P": 4,
    "Q": 2,
    "R": 1,
    "S": 1,
}
OWNERSHIP_WEIGHTS = {
    "private": 72,
    "foreign": 6,
    "hmt": 9,
    "state": 2,
    "collective": 3,
    "institution": 4,
    "agency": 1,
    "social": 3,
}
# USCC prefixes by registering authority (GB 32100-2015 positions 1-2).
USCC_PREFIX = {"institution": "12", "agency": "11", "social": "52"}
# Places of origin for RICs: Panyu codes by birth-year validity, and common home provinces.
HOME_CODES = [
    "440113",
    "440181",
    "440126",
    "430224",
    "431021",
    "360424",
    "452501",
    "510322",
    "440882",
    "445221",
    "421127",
    "411721",
    "440923",
]
