"""Demo people. Written for Qiao's demo; every person here is fictional.

Phone numbers are in ranges set aside for fiction (US 202-555-01xx) or
well-known sample numbers (CN 138 0013 80xx) that ``phonenumbers`` still
accepts as valid mobiles, so a demo account can sign in with a one-time code
that debug mode shows on the page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoUser:
    handle: str
    name: str
    phone: str
    reads: tuple[str, ...]
    bio: str
    # Interface language: "zh-hans" or "en".
    ui: str
    # Avatar: two gradient colours and the glyph drawn on it.
    colors: tuple[str, str]
    glyph: str


def _cn(n: int) -> str:
    return f"+86138001380{n:02d}"


def _us(n: int) -> str:
    return f"+1202555{100 + n:04d}"


USERS: list[DemoUser] = [
    # --- People who mostly read and write Chinese -----------------------------------
    DemoUser("chengdu_mala", "麻辣小陈", _cn(1), ("zh", "en"),
             "成都土著，火锅和串串的忠实信徒。每周探一家苍蝇馆子，最近在练英语，想把成都的味道讲给全世界听。",
             "zh-hans", ("#ff4d2e", "#ffb347"), "陈"),
    DemoUser("xiaolongbao_lin", "林小笼", _cn(2), ("zh", "en"),
             "上海姑娘，早饭必须有小笼包。周末逛弄堂、拍老房子。English learner, be patient with me!",
             "zh-hans", ("#f7a8b8", "#fde2e4"), "林"),
    DemoUser("dali_wind", "大理的风", _cn(3), ("zh",),
             "在大理住了第三年。拍云，拍洱海，拍路过的人。偶尔接约拍。",
             "zh-hans", ("#4facfe", "#00f2fe"), "风"),
    DemoUser("chongqing_8d", "山城阿杰", _cn(4), ("zh",),
             "重庆人，导航在我们这儿基本没用。带你走楼梯、坐轻轨、看夜景。",
             "zh-hans", ("#6a11cb", "#2575fc"), "杰"),
    DemoUser("meow_tuantuan", "团团是只猫", _cn(5), ("zh", "en"),
             "两只橘猫的铲屎官：团团和圆圆。每天按时交猫税，欢迎各国猫友来串门。",
             "zh-hans", ("#f6d365", "#fda085"), "团"),
    DemoUser("kaoyan_ana", "考研的阿娜", _cn(6), ("zh",),
             "二战考研，目标南方某985。记录每天的学习打卡和复盘，一起上岸！",
             "zh-hans", ("#43e97b", "#38f9d7"), "娜"),
    DemoUser("ootd_qiqi", "琪琪穿搭日记", _cn(7), ("zh",),
             "158cm 小个子穿搭｜通勤＋周末｜平价为主，偶尔种草一件贵的。",
             "zh-hans", ("#fbc2eb", "#a6c1ee"), "琪"),
    DemoUser("hutong_laozhang", "老张在北京", _cn(8), ("zh", "en"),
             "退休老北京，天天在胡同里遛弯。今年跟美国网友学英语，活到老学到老。",
             "zh-hans", ("#c79081", "#dfa579"), "张"),
    DemoUser("shenzhen_wu", "深圳码农小吴", _cn(9), ("zh", "en"),
             "白天写代码，晚上学做饭。英语工作够用，口语想再练练，欢迎来交换语言。",
             "zh-hans", ("#30cfd0", "#330867"), "吴"),
    DemoUser("xihu_tea", "西湖边喝茶", _cn(10), ("zh",),
             "杭州，龙井，慢生活。春天采茶，秋天看桂花。",
             "zh-hans", ("#9be15d", "#00e3ae"), "茶"),
    DemoUser("xian_mianshi", "西安面食控", _cn(11), ("zh",),
             "biangbiang面一天不吃就难受。回民街以外的好店，我来带路。",
             "zh-hans", ("#f093fb", "#f5576c"), "面"),
    DemoUser("wuhan_guozi", "武汉过早君", _cn(12), ("zh", "en"),
             "热干面、豆皮、面窝，武汉人的一天从过早开始。",
             "zh-hans", ("#ffecd2", "#fcb69f"), "早"),
    # --- People who mostly read and write English -----------------------------------
    DemoUser("ohio_megan", "Megan from Ohio", _us(1), ("en", "zh"),
             "Hello from Ohio! Showed up in January 2025 with the rest of the TikTok refugees and never left. Learning 中文 one meme at a time.",
             "en", ("#e0c3fc", "#8ec5fc"), "M"),
    DemoUser("taco_dan", "Dan 🌮", _us(2), ("en",),
             "Austin, TX. I review taco trucks so you don't have to. Strong BBQ opinions. Currently hunting for real hot pot in Texas.",
             "en", ("#f83600", "#f9d423"), "D"),
    DemoUser("nyc_sam", "Sam in NYC", _us(3), ("en",),
             "Brooklyn. Street photos, subway stories, and weekend dumpling runs to Flushing.",
             "en", ("#434343", "#8e9eab"), "S"),
    DemoUser("parks_priya", "Priya Outdoors", _us(4), ("en",),
             "Trying to see all 63 US national parks before I turn 40. 29 down. Trail snacks are a personality.",
             "en", ("#56ab2f", "#a8e063"), "P"),
    DemoUser("catmom_jess", "Jess & the Cats", _us(5), ("en", "zh"),
             "Three cats, one apartment, zero regrets. Cat tax paid daily. 我在学中文！",
             "en", ("#ff9a9e", "#fecfef"), "J"),
    DemoUser("hsk_jordan", "Jordan 学中文", _us(6), ("en", "zh"),
             "Studying for HSK 4. Flashcards, tones, and a lot of very public mistakes. Correct me, I like it.",
             "en", ("#a1c4fd", "#c2e9fb"), "乔"),
    DemoUser("kc_pitmaster", "Ray's Pit", _us(7), ("en",),
             "Kansas City. Burnt ends, brisket, and 14-hour smokes. Ask me about wood.",
             "en", ("#3a1c71", "#d76d77"), "R"),
    DemoUser("thrift_olivia", "Olivia Thrifts", _us(8), ("en",),
             "Portland. Thrift flips, capsule wardrobes, and secondhand everything.",
             "en", ("#d4fc79", "#96e6a1"), "O"),
    DemoUser("seattle_kai", "Kai", _us(9), ("en",),
             "Seattle. Coffee, rain, mountains, repeat.",
             "en", ("#667eea", "#764ba2"), "K"),
    DemoUser("la_marco", "Marco Eats LA", _us(10), ("en", "zh"),
             "LA food. Tacos on Monday, Sichuan in the San Gabriel Valley on Tuesday. 我能吃辣。",
             "en", ("#ff6a00", "#ee0979"), "M"),
    DemoUser("grandma_linda", "Linda (Grandma)", _us(11), ("en",),
             "Retired teacher in Florida. My granddaughter set this up for me. I post my garden and my dog Biscuit.",
             "en", ("#fddb92", "#d1fdff"), "L"),
    DemoUser("emma_dumplings", "Emma", _us(12), ("en", "zh"),
             "Manchester, UK → currently in Chicago. Learning Mandarin, failing at chopsticks, winning at dumplings.",
             "en", ("#89f7fe", "#66a6ff"), "E"),
    # --- People at home in both ------------------------------------------------------
    DemoUser("bridge_lily", "Lily 莉莉", _us(13), ("zh", "en"),
             "ABC in San Francisco, translator by day. 中英双语，专门帮大家解释网络梗 🌉",
             "en", ("#ff758c", "#ff7eb3"), "莉"),
    DemoUser("teacher_wang", "王老师 Teacher Wang", _cn(13), ("zh", "en"),
             "线上中文老师。教外国朋友说中文，也跟他们学最地道的英语。Mandarin tutor, happy to answer questions.",
             "zh-hans", ("#cc2b5e", "#753a88"), "王"),
    DemoUser("michigan_hao", "浩 Hao", _cn(14), ("zh", "en"),
             "密歇根读研的留子。Michigan winters are no joke. 分享留学生活和中美饮食差异。",
             "zh-hans", ("#00c6fb", "#005bea"), "浩"),
    DemoUser("chengdu_tom", "Tom in Chengdu", _us(14), ("en", "zh"),
             "American English teacher living in Chengdu since 2021. 我爱成都，但是我还是不能吃特辣。",
             "en", ("#f12711", "#f5af19"), "T"),
    DemoUser("dumpling_auntie", "饺子阿姨 Auntie Mei", _us(15), ("zh", "en"),
             "在纽约法拉盛开了二十年饺子馆。现在教年轻人包饺子，中文英文都可以问我。",
             "zh-hans", ("#ee9ca7", "#ffdde1"), "梅"),
    DemoUser("study_with_yu", "Yu 一起学习", _cn(15), ("zh", "en"),
             "雅思 7.5 → 准备 GRE。分享英语学习方法，也帮外国朋友改中文作文。",
             "zh-hans", ("#84fab0", "#8fd3f4"), "雨"),
]

# Who follows whom on purpose; random follows are added on top (see the demo command).
FOLLOWS: dict[str, list[str]] = {
    "ohio_megan": ["bridge_lily", "meow_tuantuan", "chengdu_mala", "teacher_wang", "hutong_laozhang", "catmom_jess"],
    "hsk_jordan": ["teacher_wang", "study_with_yu", "kaoyan_ana", "bridge_lily", "chengdu_tom"],
    "catmom_jess": ["meow_tuantuan", "ohio_megan", "grandma_linda"],
    "meow_tuantuan": ["catmom_jess", "ohio_megan"],
    "chengdu_mala": ["chengdu_tom", "taco_dan", "la_marco", "kc_pitmaster"],
    "chengdu_tom": ["chengdu_mala", "teacher_wang", "dali_wind"],
    "taco_dan": ["la_marco", "kc_pitmaster", "chengdu_mala"],
    "la_marco": ["taco_dan", "chengdu_mala", "dumpling_auntie", "xian_mianshi"],
    "hutong_laozhang": ["ohio_megan", "grandma_linda", "bridge_lily"],
    "grandma_linda": ["hutong_laozhang", "catmom_jess", "parks_priya"],
    "emma_dumplings": ["dumpling_auntie", "teacher_wang", "xiaolongbao_lin", "hsk_jordan"],
    "dumpling_auntie": ["emma_dumplings", "nyc_sam", "xiaolongbao_lin"],
    "nyc_sam": ["dumpling_auntie", "chongqing_8d"],
    "parks_priya": ["dali_wind", "seattle_kai"],
    "dali_wind": ["parks_priya", "chongqing_8d"],
    "ootd_qiqi": ["thrift_olivia", "xiaolongbao_lin"],
    "thrift_olivia": ["ootd_qiqi"],
    "study_with_yu": ["hsk_jordan", "kaoyan_ana", "teacher_wang"],
    "kaoyan_ana": ["study_with_yu"],
    "michigan_hao": ["ohio_megan", "bridge_lily", "kc_pitmaster"],
    "bridge_lily": ["ohio_megan", "teacher_wang", "michigan_hao"],
    "teacher_wang": ["hsk_jordan", "emma_dumplings", "bridge_lily"],
}

# Boards (collections): owner → [(board name, private?, hashtags whose notes go in it)].
BOARDS: dict[str, list[tuple[str, bool, tuple[str, ...]]]] = {
    "ohio_megan": [("Food to try in China 🥢", False, ("火锅", "小笼包", "美食", "成都美食", "热干面")),
                   ("中文 study stuff", False, ("学中文", "hsk", "languageexchange"))],
    "hsk_jordan": [("学习资料", False, ("学中文", "hsk", "学习", "studytips")),
                   ("Trip ideas", True, ("大理", "成都", "重庆", "旅行"))],
    "emma_dumplings": [("Dumpling atlas", False, ("小笼包", "饺子", "dumplings"))],
    "la_marco": [("Eat list", False, ("火锅", "bbq", "tacos", "西安美食"))],
    "dali_wind": [("想去的国家公园", False, ("nationalparks", "hiking"))],
    "ootd_qiqi": [("秋冬灵感", False, ("thrifting", "ootd", "穿搭"))],
    "kaoyan_ana": [("英语提分", True, ("english", "studytips", "雅思"))],
    "catmom_jess": [("Cats of the world", False, ("萌宠", "cats", "猫税", "cattax"))],
    "chengdu_mala": [("美国吃什么", False, ("bbq", "tacos", "food"))],
    "grandma_linda": [("Beautiful places", False, ("大理", "杭州", "nationalparks", "西湖"))],
}
