"""The baseline classifier's weighted lexicon, written for Qiao from general knowledge.

Each entry is (pattern, weight, label). Weights combine as independent
evidence: score = 1 − Π(1 − weight). A weight of 0.9 alone is enough to hold
a text for review at the default threshold (0.5); milder words need company.
Keyword patterns go through the same evasion-resistant matching as the
moderators' rules (:mod:`qiao.moderation.textmatch`): "fuck*" also matches
"fucking", Chinese words of two characters or more also match homophones
where ``homophones`` is on.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    pattern: str
    weight: float
    label: str
    type: str = "keyword"  # "keyword" | "regex" | "pinyin"
    homophones: bool = False


# --- Chinese ------------------------------------------------------------------------

_ZH_PROFANITY = [
    ("傻逼", 0.95), ("煞笔", 0.9), ("傻叉", 0.9), ("二逼", 0.85), ("草泥马", 0.95), ("操你妈", 0.95),
    ("操你", 0.9), ("日你", 0.85), ("你妈逼", 0.95), ("尼玛", 0.6), ("妈的", 0.6), ("他妈", 0.6),
    ("妈卖批", 0.9), ("狗日", 0.9), ("卧槽", 0.35), ("我靠", 0.25), ("屌", 0.5), ("逼", 0.45),
    ("滚蛋", 0.75), ("去你的", 0.6), ("放屁", 0.5), ("狗屁", 0.6), ("装逼", 0.6),
]  # fmt: skip
_ZH_INSULTS = [
    ("婊子", 0.95), ("贱人", 0.9), ("贱货", 0.95), ("贱种", 0.95), ("下贱", 0.8), ("贱", 0.55),
    ("王八蛋", 0.9), ("杂种", 0.95), ("畜生", 0.9), ("畜牲", 0.9), ("人渣", 0.9), ("败类", 0.7),
    ("杂碎", 0.85), ("脑残", 0.85), ("智障", 0.85), ("弱智", 0.8), ("白痴", 0.8), ("蠢货", 0.85),
    ("蠢", 0.45), ("傻子", 0.7), ("傻", 0.35), ("废物", 0.75), ("垃圾", 0.5), ("狗东西", 0.9),
    ("狗屎", 0.8), ("舔狗", 0.7), ("无耻", 0.5), ("不要脸", 0.6), ("恶心", 0.45), ("滚", 0.5),
    ("闭嘴", 0.45), ("丑八怪", 0.8), ("死胖子", 0.85), ("穷逼", 0.9), ("土鳖", 0.8), ("乡巴佬", 0.7),
    ("神经病", 0.6), ("有病", 0.45), ("低能", 0.8), ("脑子有病", 0.8), ("渣男", 0.55), ("渣女", 0.55),
    ("绿茶婊", 0.95), ("小丑", 0.4), ("蛆", 0.7), ("猪狗不如", 0.9), ("狗", 0.25), ("猪", 0.25),
    ("傻缺", 0.85), ("傻帽", 0.7), ("二货", 0.6), ("憨批", 0.85), ("沙雕", 0.4), ("猪脑子", 0.8),
    ("没脑子", 0.7), ("脑子进水", 0.7), ("喷子", 0.5), ("键盘侠", 0.4), ("巨婴", 0.7), ("奇葩", 0.35),
    ("狗腿子", 0.8), ("走狗", 0.7), ("汉奸", 0.7), ("卖国贼", 0.7), ("变态", 0.5), ("死变态", 0.85),
    ("恶臭", 0.5), ("龌龊", 0.6), ("猥琐", 0.6), ("下三滥", 0.8), ("丢人现眼", 0.6), ("不是人", 0.7),
    ("不是东西", 0.75), ("算什么东西", 0.75), ("什么东西", 0.35), ("滚粗", 0.7), ("去屎", 0.8),
    ("龟儿子", 0.85), ("丫的", 0.6), ("小崽子", 0.6), ("骚货", 0.95), ("贱骨头", 0.9), ("精神病", 0.5),
]  # fmt: skip
_ZH_HATE = [
    # Slurs and demeaning names for peoples, regions, genders and groups.
    ("黑鬼", 0.95), ("黑奴", 0.8), ("尼哥", 0.95), ("黑蛆", 0.95), ("黑皮", 0.7), ("黑猩猩", 0.7),
    ("小日本", 0.9), ("日本鬼子", 0.9), ("鬼子", 0.6), ("倭寇", 0.6), ("棒子", 0.7), ("高丽棒子", 0.95),
    ("阿三", 0.75), ("支那", 0.95), ("蛮夷", 0.8), ("洋垃圾", 0.9), ("白皮猪", 0.95), ("洋鬼子", 0.85),
    ("蝗虫", 0.7), ("偷井盖", 0.9), ("骗子", 0.4), ("地域黑", 0.5),
    ("女拳", 0.85), ("田园女权", 0.9), ("男拳", 0.85), ("普信男", 0.8), ("普信女", 0.8), ("直男癌", 0.8),
    ("娘炮", 0.85), ("基佬", 0.6), ("死基佬", 0.95), ("人妖", 0.7), ("母狗", 0.95), ("女司机", 0.35),
    ("娘们", 0.5), ("婆娘", 0.45), ("剩女", 0.5), ("小仙女", 0.5), ("拜金女", 0.7), ("屌丝", 0.4),
    ("劣等", 0.8), ("低等", 0.7), ("下等人", 0.85), ("野蛮", 0.5), ("未开化", 0.75), ("基因", 0.2),
    ("滚出", 0.8), ("滚回", 0.75), ("遣返", 0.4), ("歧视", 0.2), ("种族", 0.15), ("都是垃圾", 0.9),
    ("泥哥", 0.9), ("尼格", 0.9), ("黑狗", 0.8), ("黑命贵", 0.7), ("黑叔叔", 0.45), ("猴子", 0.45),
    ("绿绿", 0.7), ("绿教", 0.85), ("台巴子", 0.9), ("港毒", 0.8), ("南蛮", 0.7), ("蛮子", 0.7),
    ("外地狗", 0.95), ("乡下人", 0.4), ("白左", 0.6), ("圣母婊", 0.9), ("圣母", 0.4), ("女权婊", 0.95),
    ("蝈蝻", 0.85), ("郭楠", 0.8), ("国男", 0.5), ("男癌", 0.8), ("女癌", 0.8), ("捞女", 0.8),
    ("凤凰男", 0.6), ("妈宝男", 0.6), ("扶弟魔", 0.6), ("接盘侠", 0.6), ("跪舔", 0.7), ("舔洋", 0.75),
    ("洋大人", 0.6), ("精日", 0.7), ("公知", 0.45), ("五毛", 0.45), ("美分", 0.45), ("女德", 0.4),
]  # fmt: skip
# Pinyin initials and Latin-letter spellings Chinese users write to dodge filters.
_ZH_ABBREVIATIONS = [
    ("sb", 0.8), ("shabi", 0.9), ("nmsl", 0.95), ("cnm", 0.95), ("rnm", 0.9), ("nmb", 0.9),
    ("wcnm", 0.95), ("tmd", 0.75), ("mdzz", 0.85), ("nt", 0.5), ("zz", 0.5), ("nc", 0.45),
    ("傻b", 0.9), ("煞b", 0.9), ("sb玩意", 0.95), ("穷b", 0.85), ("装b", 0.6), ("菜b", 0.7),
]  # fmt: skip
_ZH_MORE_INSULTS = [
    ("蠢猪", 0.9), ("猪头", 0.6), ("傻狗", 0.9), ("死妈", 0.95), ("你妈死了", 0.95), ("狗娘养", 0.95),
    ("脑瘫", 0.85), ("脑子有坑", 0.75), ("没素质", 0.55), ("素质低", 0.55), ("低素质", 0.6),
    ("素质差", 0.55), ("没教养", 0.55), ("贱民", 0.9), ("刁民", 0.7), ("瘪三", 0.8), ("孬种", 0.85),
    ("窝囊废", 0.85), ("兔崽子", 0.75), ("龟孙", 0.85), ("垃圾人", 0.8), ("狗杂种", 0.95),
    ("王八", 0.6), ("撒比", 0.9), ("二百五", 0.6), ("缺德", 0.5), ("下作", 0.6), ("活畜", 0.9),
    ("畜牲不如", 0.9), ("死绝", 0.9), ("丧尽天良", 0.6), ("蛀虫", 0.6), ("寄生虫", 0.6),
    ("吸血鬼", 0.5), ("毒瘤", 0.6), ("祸害", 0.5), ("害群之马", 0.5), ("臭虫", 0.7), ("臭不要脸", 0.85),
    ("厚颜无耻", 0.6), ("狼心狗肺", 0.7), ("人模狗样", 0.75), ("狗仗人势", 0.7), ("卖淫", 0.45),
    ("卖身", 0.45), ("鸡婆", 0.7), ("破鞋", 0.85), ("荡妇", 0.9), ("骚逼", 0.95), ("贱逼", 0.95),
    ("小婊砸", 0.9), ("心机婊", 0.9), ("母老虎", 0.5), ("泼妇", 0.75),
    ("太监", 0.45), ("阉人", 0.6), ("软脚虾", 0.6), ("妈宝", 0.5),
]  # fmt: skip
_ZH_DEHUMANISING = [
    ("母猪", 0.6), ("生育机器", 0.6), ("黑猴", 0.95), ("黄皮猴", 0.95), ("黄皮子", 0.6), ("鬼佬", 0.7),
    ("红脖子", 0.5), ("二等公民", 0.5), ("劣根性", 0.6), ("劣种", 0.9), ("杂交", 0.4), ("低端人口", 0.6),
    ("偷渡犯", 0.5), ("艾滋", 0.35), ("阿三哥", 0.7), ("印度阿三", 0.9),
    ("倭人", 0.8), ("日杂", 0.9), ("韩棒", 0.9), ("黑蛮", 0.9), ("回回", 0.6), ("绿毛", 0.6),
]  # fmt: skip
# Slurs also written with other characters of the same sound (倪哥 for 尼哥) are matched as
# homophones. Only where no everyday word sounds the same: 尼哥 would catch 你哥 (your brother),
# 女拳 女权 (feminism), 支那 指哪, 鬼子 柜子 (a cabinet).
_ZH_MATCH_BY_SOUND = frozenset(
    ("黑鬼", "娘炮", "白皮猪", "死基佬", "高丽棒子", "日本鬼子")
)
_ZH_VIOLENCE = [
    ("去死", 0.9), ("死全家", 0.95), ("杀了你", 0.9), ("弄死", 0.85), ("打死", 0.45), ("砍死", 0.85),
    ("杀光", 0.9), ("灭绝", 0.4), ("枪毙", 0.6), ("死了活该", 0.9), ("活该", 0.45),
    ("都该死", 0.9), ("去死吧", 0.9), ("死一死", 0.8), ("早死", 0.6), ("不得好死", 0.9), ("砍了", 0.5),
    ("揍死", 0.8), ("打残", 0.75), ("宰了", 0.7), ("杀人名额", 0.8), ("赶尽杀绝", 0.8), ("人道毁灭", 0.7),
    ("阉了", 0.8), ("浸猪笼", 0.8),
]  # fmt: skip
_ZH_SEXUAL = [("约炮", 0.8), ("裸聊", 0.9), ("色情", 0.6), ("黄片", 0.8), ("援交", 0.9)]
# Harmless words that contain a listed one: known to the word segmenter, they keep
# "垃圾分类" (sorting rubbish) from reading as "垃圾" (trash, as an insult). Weight 0.
_ZH_HARMLESS = [
    "垃圾分类", "垃圾桶", "垃圾袋", "垃圾车", "垃圾场", "垃圾站", "垃圾食品", "垃圾邮件", "垃圾短信",
    "生活垃圾", "厨余垃圾", "干垃圾", "湿垃圾", "有害垃圾", "恶心想吐", "感到恶心", "物种灭绝", "滚动",
    "滚烫", "摇滚", "打滚", "狗狗", "小狗", "猪肉", "猪蹄", "放屁虫", "猴子面包树",
]  # fmt: skip
_ZH_SPAM = [("加微信", 0.6), ("加V", 0.5), ("代开发票", 0.9), ("刷单", 0.7), ("兼职日结", 0.7)]

# Sweeping statements about a whole group ("X人都是…", "女人就是…"): weak evidence on its own.
_ZH_PLACES = (
    "河南|河北|山东|山西|东北|广东|广西|福建|江苏|浙江|安徽|江西|湖南|湖北|四川|重庆|贵州|云南|"
    "陕西|甘肃|青海|宁夏|新疆|西藏|内蒙古?|辽宁|吉林|黑龙江|海南|台湾|香港|澳门|上海|北京|天津|"
    "温州|潮汕|东南亚|非洲|印度|日本|韩国|美国|越南|菲律宾|阿拉伯|中东|外地|农村|乡下|城里|南方|北方"
)
_ZH_GROUPS = (
    f"(?:{_ZH_PLACES})人|黑人|白人|黄种人|黄人|亚裔|女人|男人|女的|男的|女性|男性|女生|男生|"
    "女孩|男孩|女权|男权|老外|外国人|穆斯林|犹太人|回民|基督徒|同性恋|基佬|黑鬼|小日本|阿三|"
    "河南|东北|上海|北京|广东|福建|四川|新疆|湖北|山东"
)
# Degrading judgements of a person or people.
_ZH_DEGRADING = (
    "不配|低等|劣等|恶心|垃圾|该死|下贱|低贱|不要脸|素质差|素质低|没素质|低素质|智商低|蠢|笨|"
    "懒惰|懒|脏|臭|丑|野蛮|愚昧|落后|小偷|骗子|毒瘤|祸害|畜生|猴子|猪|狗|蛆|病毒|卖淫|婊|"
    "贱|败类|人渣|废物|没救|犯罪率|滚出|滚回|劣根|太烂|真烂"
)
_ZH_PATTERNS = [
    (rf"(?:{_ZH_GROUPS})(?:都是|都|就是|全是|全都|天生|没一个|本来就|大多|普遍|基本都|一个个)", 0.4, "hate"),
    (rf"(?:{_ZH_GROUPS})(?:素质|智商)(?:低|差|不行)", 0.7, "hate"),
    (r"(?:这种|这些|那些|你们)(?:人|男的|女的|东西)", 0.3, "insult"),
    (r"(?:不配|活该|该死|滚出)", 0.4, "hate"),
    # A group followed closely by a degrading judgement ("…人真恶心", "女的就是低等").
    (rf"(?:{_ZH_GROUPS}).{{0,8}}(?:{_ZH_DEGRADING})", 0.6, "hate"),
    # The judgement first ("恶心的女人", "垃圾黑人").
    (rf"(?:{_ZH_DEGRADING})的?(?:{_ZH_GROUPS})", 0.55, "hate"),
    # A person addressed with a degrading judgement ("你这种人真恶心", "你才是垃圾").
    (rf"你(?:这种人|这个人|这货|才是|就是|真是|们就是|们这些).{{0,4}}(?:{_ZH_DEGRADING})", 0.6, "insult"),
]

# --- English ------------------------------------------------------------------------

_EN_PROFANITY = [
    ("fuck*", 0.95), ("motherfuck*", 0.95), ("mf", 0.5), ("fck*", 0.9), ("wtf", 0.6), ("stfu", 0.9),
    ("gtfo", 0.85), ("shit*", 0.85), ("bullshit", 0.85), ("crap*", 0.55), ("damn*", 0.4),
    ("goddamn*", 0.6), ("hell", 0.3), ("piss*", 0.5), ("ass", 0.6), ("asses", 0.6), ("arse", 0.6),
    ("bloody", 0.2), ("sucks", 0.45), ("suck", 0.35),
]  # fmt: skip
_EN_INSULTS = [
    ("asshole*", 0.95), ("dumbass*", 0.9), ("jackass*", 0.9), ("bitch*", 0.9), ("bastard*", 0.85),
    ("cunt*", 0.95), ("dick", 0.6), ("dickhead*", 0.9), ("prick", 0.7), ("pricks", 0.7), ("twat*", 0.9),
    ("wanker*", 0.9), ("douche*", 0.85), ("pussy", 0.65), ("whore*", 0.95), ("slut*", 0.95),
    ("idiot*", 0.75), ("stupid*", 0.65), ("moron*", 0.85), ("dumb", 0.6), ("imbecile*", 0.85),
    ("retard", 0.95), ("retards", 0.95), ("retarded", 0.9), ("loser*", 0.6), ("trash", 0.45), ("garbage", 0.4), ("scum*", 0.8),
    ("pathetic", 0.6), ("disgusting", 0.45), ("ugly", 0.45), ("fat", 0.2), ("liar*", 0.4),
    ("hypocrit*", 0.4), ("clown*", 0.35), ("ignorant", 0.4), ("coward*", 0.45), ("traitor*", 0.4),
    ("lunatic*", 0.6), ("psycho", 0.55), ("psychos", 0.55), ("psychopath*", 0.5), ("nutjob*", 0.8), ("creep", 0.35), ("creeps", 0.35), ("creepy", 0.35), ("pig", 0.35),
    ("pigs", 0.35), ("snowflake*", 0.35), ("libtard*", 0.9), ("commie*", 0.45), ("thug*", 0.45),
    ("bigot*", 0.4), ("fascist*", 0.35), ("nazi*", 0.4), ("sheep", 0.25), ("evil", 0.25),
    ("shut up", 0.6), ("go to hell", 0.85), ("piece of shit", 0.95), ("son of a bitch", 0.95),
    ("screw you", 0.8), ("get lost", 0.5), ("nobody cares", 0.4), ("brain dead", 0.7),
    ("dumber", 0.6), ("dumbest", 0.6), ("jerk", 0.45), ("jerks", 0.45), ("asshat*", 0.9), ("smartass*", 0.6), ("buffoon*", 0.7),
    ("fool", 0.45), ("fools", 0.45), ("freak*", 0.45), ("weirdo*", 0.5), ("skank*", 0.9),
    ("hoes", 0.8), ("thot*", 0.8), ("cuck", 0.8), ("cucks", 0.8), ("cuckold*", 0.7), ("bimbo*", 0.6), ("demonrat*", 0.8),
    ("disgrace*", 0.35), ("shameless", 0.3), ("crook*", 0.4), ("crazy", 0.3), ("nuts", 0.3),
    ("fkn", 0.8), ("fking", 0.85), ("effing", 0.6), ("bs", 0.5), ("ffs", 0.5), ("you people", 0.3),
]  # fmt: skip
_EN_MORE_INSULTS = [
    ("fuk", 0.9), ("fuks", 0.9), ("fukn", 0.9), ("fukin", 0.9), ("fuking", 0.9), ("fukking", 0.9),
    ("fuked", 0.9), ("fucken", 0.9), ("phuck*", 0.9), ("fuq", 0.85), ("effin", 0.6), ("fkin", 0.85),
    ("dumbfuck*", 0.95), ("clusterfuck*", 0.7), ("dipshit*", 0.95), ("horseshit", 0.85),
    ("batshit", 0.7), ("chickenshit*", 0.85), ("shitty", 0.75), ("bullcrap", 0.6), ("arsehole*", 0.95),
    ("asswipe*", 0.9), ("assclown*", 0.9), ("butthead*", 0.7), ("bellend*", 0.9), ("tosser*", 0.8),
    ("bollocks", 0.6), ("prat", 0.6), ("pillock*", 0.7), ("turd", 0.8), ("turds", 0.8),
    ("scumbag*", 0.9), ("dirtbag*", 0.85), ("lowlife*", 0.8), ("low life", 0.6), ("sleazebag*", 0.85),
    ("sleazy", 0.5), ("sleaze", 0.5), ("slimeball*", 0.8), ("sicko*", 0.6), ("pervert*", 0.6),
    ("perv", 0.6), ("creepo*", 0.6), ("pedophile*", 0.7), ("paedophile*", 0.7), ("pedo", 0.75),
    ("pedos", 0.75), ("maggot*", 0.6), ("parasite*", 0.45), ("leeches", 0.45),
    ("retardation", 0.8), ("tard", 0.85), ("tards", 0.85), ("dimwit*", 0.8),
    ("nitwit*", 0.75), ("halfwit*", 0.8), ("numbskull*", 0.75), ("bonehead*", 0.7), ("airhead*", 0.6),
    ("meathead*", 0.6), ("knucklehead*", 0.5), ("dunce", 0.6), ("dumbo", 0.5), ("idiocy", 0.5),
    ("brainless", 0.7), ("braindead", 0.7), ("mindless", 0.45), ("spineless", 0.45),
    ("worthless", 0.55), ("useless", 0.3), ("despicable", 0.5), ("deplorable*", 0.4),
    ("vile", 0.45), ("putrid", 0.45), ("filthy", 0.45), ("scumbags", 0.9), ("degenerate*", 0.6),
    ("crybaby", 0.5), ("crybabies", 0.5), ("whiny", 0.35), ("delusional", 0.4), ("incompetent", 0.35),
    ("clueless", 0.35), ("narcissist*", 0.35), ("lying", 0.3), ("liars", 0.45), ("fraud", 0.35),
    ("frauds", 0.35), ("hypocrisy", 0.3), ("puppet", 0.3), ("traitorous", 0.45), ("treasonous", 0.45),
    ("corrupt", 0.3), ("criminal", 0.3), ("criminals", 0.35), ("thief", 0.35), ("thieves", 0.35),
    ("satan", 0.3), ("gross", 0.25), ("sick", 0.2),
    ("shut your", 0.6), ("piss off", 0.85), ("pissed", 0.4), ("go away", 0.3),
    ("feminazi*", 0.8), ("trumptard*", 0.9), ("repug*", 0.5), ("rethuglican*", 0.8), ("dumbocrat*", 0.8),
    ("leftard*", 0.9), ("nazis", 0.4), ("kkk", 0.6),
]  # fmt: skip
_EN_HATE = [
    ("nigger*", 0.98), ("nigga*", 0.7), ("faggot*", 0.98), ("fag", 0.9), ("fags", 0.9),
    ("dyke*", 0.8), ("tranny*", 0.9), ("chink*", 0.95), ("gook*", 0.95), ("spic", 0.9),
    ("kike*", 0.98), ("wetback*", 0.95), ("towelhead*", 0.95), ("raghead*", 0.95), ("savages", 0.6),
    ("subhuman*", 0.9), ("vermin", 0.6), ("go back to", 0.5), ("illegals", 0.5),
    ("beaner*", 0.9), ("coon", 0.8), ("coons", 0.8), ("jap", 0.6), ("japs", 0.75), ("paki", 0.85),
    ("pakis", 0.85), ("muzzie*", 0.9), ("shemale*", 0.7), ("homo", 0.6), ("homos", 0.6),
    ("lesbo*", 0.8), ("gypsies", 0.3), ("inferior", 0.35), ("animals", 0.3),
]  # fmt: skip
_EN_VIOLENCE = [
    ("kill yourself", 0.98), ("kys", 0.9), ("die", 0.3), ("hang them", 0.9), ("shoot them", 0.9),
    ("should be shot", 0.9), ("beat the", 0.3), ("kill", 0.3), ("rape", 0.8), ("raped", 0.8), ("raping", 0.8), ("rapist*", 0.8),
    ("should die", 0.8), ("deserve to die", 0.85), ("hope you die", 0.9), ("hope he dies", 0.85),
    ("hope she dies", 0.85), ("lynch*", 0.6), ("behead*", 0.5), ("string them up", 0.85),
    ("put down like", 0.7),
]  # fmt: skip
_EN_SEXUAL = [
    ("tits", 0.5), ("titties", 0.6), ("boobs", 0.4), ("dildo*", 0.7), ("jizz*", 0.8), ("cum", 0.5),
    ("wank*", 0.8), ("balls", 0.3), ("boner", 0.5), ("blow me", 0.85), ("suck my", 0.85),
    ("porn*", 0.7),
    ("nudes", 0.7),
    ("cock", 0.5),
    ("cocks", 0.5),
    ("cocksuck*", 0.95),
    ("horny", 0.5),
    ("blowjob*", 0.9),
]
_EN_SPAM = [("free money", 0.6), ("click here", 0.5), ("dm me for", 0.5), ("crypto giveaway", 0.8)]

_EN_PATTERNS = [
    # Masked profanity: f**k, f#ck, s**t, b*tch.
    (r"\bf[\*#@.]+c?k", 0.85, "profanity"),
    (r"\bs[\*#]+t\b", 0.6, "profanity"),
    (r"\bsh[\*#]{2}(?!\w)", 0.7, "profanity"),
    (r"\ba[\*#]{2}hole", 0.85, "insult"),
    (r"\bc[\*#]{2}t\b", 0.85, "insult"),
    (r"\bb[\*#]+t?ch", 0.8, "insult"),
    (r"\byou(?:'re|’re| are| r)\s+(?:a|an|such a|so)\s+\w+", 0.2, "insult"),
    (
        r"\b(?:all|these|those)\s+(?:women|men|blacks|whites|muslims|jews|immigrants|mexicans|liberals|conservatives)\s+(?:are|should)\b",
        0.5,
        "hate",
    ),
]


def _terms(entries, label: str, homophones: bool = False) -> list[Term]:
    return [Term(pattern, weight, label, "keyword", homophones) for pattern, weight in entries]


ZH_TERMS: list[Term] = [
    *(Term(word, 0.0, "harmless") for word in _ZH_HARMLESS),
    *_terms(_ZH_PROFANITY, "profanity", homophones=True),
    *_terms(_ZH_ABBREVIATIONS, "profanity"),
    *_terms(_ZH_INSULTS, "insult"),
    *_terms(_ZH_MORE_INSULTS, "insult"),
    *(Term(word, weight, "hate", "keyword", word in _ZH_MATCH_BY_SOUND) for word, weight in _ZH_HATE),
    *_terms(_ZH_DEHUMANISING, "hate"),
    *_terms(_ZH_VIOLENCE, "violence"),
    *_terms(_ZH_SEXUAL, "sexual"),
    *_terms(_ZH_SPAM, "spam"),
    *(Term(pattern, weight, label, "regex") for pattern, weight, label in _ZH_PATTERNS),
]
EN_TERMS: list[Term] = [
    *_terms(_EN_PROFANITY, "profanity"),
    *_terms(_EN_INSULTS, "insult"),
    *_terms(_EN_MORE_INSULTS, "insult"),
    *_terms(_EN_HATE, "hate"),
    *_terms(_EN_VIOLENCE, "violence"),
    *_terms(_EN_SEXUAL, "sexual"),
    *_terms(_EN_SPAM, "spam"),
    *(Term(pattern, weight, label, "regex") for pattern, weight, label in _EN_PATTERNS),
]
ALL_TERMS: list[Term] = [*ZH_TERMS, *EN_TERMS]
