"""Demo notes written mostly in Chinese. Original text written for Qiao's demo."""

from .model import C, Img, note

NOTES = [
    # --- 美食 ---------------------------------------------------------------------------
    note(
        "chengdu_mala", "玉林路这家老火锅，排队一小时也值",
        "牛油锅底是真的香，进门就被辣椒味呛到打喷嚏😂\n"
        "必点：鲜毛肚七上八下、嫩牛肉、脑花（不敢吃的朋友可以跳过）。\n"
        "人均 90 左右，建议下午四点半就去拿号。\n\n#火锅 #成都美食 #成都",
        Img("火锅", "chili", "3:4", "bowl"), Img("毛肚", "ember", "1:1", "bowl"),
        location="成都·玉林路", days=2.5, buzz=9,
        comments=[
            C("ohio_megan", "I need to know: is 微辣 actually mild or is this a trap?",
              (C("chengdu_mala", "@ohio_megan 哈哈是陷阱！成都的微辣等于别的地方的中辣，第一次来建议点鸳鸯锅😂"),
               C("chengdu_tom", "Can confirm it's a trap. I ordered 微辣 my first week and cried a little."))),
            C("la_marco", "毛肚 is my favorite thing in the world. Adding this place to the list for my trip."),
            C("xian_mianshi", "脑花那张图我先划走了哈哈，毛肚看着是真新鲜"),
        ],
    ),
    note(
        "chengdu_mala", "给外国朋友的成都串串入门",
        "串串和火锅的区别：串串按签子算钱，一根一毛到几毛，吃完数签子。\n"
        "小技巧：\n1. 油碟里加点蒜泥和蚝油\n2. 先煮素菜，肉最后下\n3. 冰粉一定要点，解辣神器\n\n"
        "Chuan chuan = hot pot on skewers, you pay by the stick. 欢迎来成都！\n\n#串串 #成都美食 #languageexchange",
        Img("串串", "ember", "3:4", "bowl"),
        location="成都", days=9.0, buzz=6,
        comments=[
            C("taco_dan", "Pay by the stick is genius. Texas needs this yesterday."),
            C("hsk_jordan", "冰粉是什么？Is it like a jelly dessert?",
              (C("chengdu_mala", "@hsk_jordan 对！是一种透明的凉粉，加红糖水、山楂、葡萄干，夏天必吃"),)),
        ],
    ),
    note(
        "xiaolongbao_lin", "上海早餐地图：这家小笼包我吃了十年",
        "皮薄到能看见汤汁在里面晃，咬之前先开个小口吸汤，不然会烫到（别问我怎么知道的）。\n"
        "蟹粉小笼贵一点，鲜肉的就很好吃了。配一碗咸豆浆，完美的周六早上。\n\n#小笼包 #上海 #早餐",
        Img("小笼包", "dumpling", "1:1", "bowl"), Img("早餐", "cream", "3:4", "sun"),
        location="上海·静安", days=4.2, buzz=8,
        comments=[
            C("emma_dumplings", "The 'sip the soup first' tip is so important. I burned my tongue so badly in Manchester's Chinatown once.",
              (C("xiaolongbao_lin", "@emma_dumplings Yes!! Everyone learns this the hard way 😂"),)),
            C("dumpling_auntie", "皮能做这么薄，师傅手艺真好。我们店的小笼还得再练练。"),
            C("nyc_sam", "Saving this for when I finally make it to Shanghai."),
        ],
    ),
    note(
        "xiaolongbao_lin", "弄堂里的葱油拌面",
        "老板每天只做到下午两点，卖完就关门。葱油是现熬的，香到整条弄堂都闻得到。\n"
        "十五块一碗，加个荷包蛋十八。\n\n#上海美食 #葱油拌面",
        Img("葱油面", "cream", "4:3", "bowl"),
        location="上海·黄浦", days=17.0, buzz=4,
    ),
    note(
        "xian_mianshi", "biangbiang 面到底怎么写？",
        "这个字我数过，五十多画。店里墙上挂着写法口诀，我背了三年还是会写错😅\n"
        "今天这碗宽得像皮带，油泼辣子一浇，滋啦一声，香！\n\n#西安美食 #面食 #西安",
        Img("biáng", "ember", "3:4", "bowl"),
        location="西安·永兴坊", days=6.0, buzz=6,
        comments=[
            C("hsk_jordan", "Fifty strokes?! I struggle with 谢谢. Respect to anyone who can write this from memory."),
            C("teacher_wang", "这个字连很多中国人都不会写，哈哈。@hsk_jordan 先把“面”字写好就行！"),
        ],
    ),
    note(
        "xian_mianshi", "肉夹馍的正确吃法",
        "馍要烤得外面酥、里面软，肉要剁得细，汁要多。一口下去，馍吸满了肉汁。\n"
        "配一瓶冰峰，西安人的标配。\n\n#西安美食 #肉夹馍",
        Img("肉夹馍", "sand", "1:1", "bowl"),
        location="西安", days=22.0, buzz=3,
        comments=[C("la_marco", "Chinese hamburger! There's a spot in the SGV that does these and I think about it weekly.")],
    ),
    note(
        "wuhan_guozi", "武汉过早第一站：热干面",
        "芝麻酱一定要多，萝卜丁、酸豆角、葱花，拌匀之后要快点吃，不然会坨。\n"
        "老板问“要不要辣”，我说要，结果辣得刚刚好。\n\n#热干面 #武汉 #过早",
        Img("热干面", "sand", "3:4", "bowl"),
        location="武汉·户部巷", days=3.0, buzz=5,
        comments=[
            C("michigan_hao", "在密歇根想热干面想得睡不着，超市买的芝麻酱根本不是那个味道😭"),
            C("ohio_megan", "What does 过早 mean? My translation app says 'too early' which can't be right lol",
              (C("wuhan_guozi", "@ohio_megan 哈哈，武汉话里“过早”就是吃早饭！It means having breakfast in Wuhan dialect."),
               C("bridge_lily", "This is one of my favorite dialect words. 'Passing the morning' with food."))),
        ],
    ),
    note(
        "wuhan_guozi", "三鲜豆皮，外酥里糯",
        "鸡蛋皮煎到金黄，里面是糯米、香菇、肉丁和笋丁。刚出锅的最好吃，边角最脆。\n\n#武汉美食 #过早",
        Img("豆皮", "sunset", "4:3", "bowl"),
        location="武汉", days=15.0, buzz=3,
    ),
    note(
        "shenzhen_wu", "下班后第一次自己做回锅肉",
        "按妈妈电话里教的步骤：五花肉先煮到筷子能戳透，放凉切片，再下锅煸出油。\n"
        "郫县豆瓣酱是灵魂，蒜苗最后放。卖相一般，但味道有七分像家里的了！\n\n#家常菜 #下厨房 #回锅肉",
        Img("回锅肉", "ember", "1:1", "bowl"),
        location="深圳·南山", days=5.5, buzz=4,
        comments=[
            C("chengdu_mala", "七分已经很厉害了！下次试试加一点点甜面酱，更香"),
            C("taco_dan", "Twice-cooked pork looks like something I'd put in a taco. Is that a crime?",
              (C("shenzhen_wu", "@taco_dan Not a crime, that's innovation 😂 Let me know how it goes."),)),
        ],
    ),
    note(
        "dumpling_auntie", "包饺子的三种捏法",
        "教大家三种最常见的：\n1. 月牙饺：最简单，捏出褶子就行\n2. 元宝饺：两个角一对折，像小元宝\n3. 麦穗饺：左右交替捏，好看但费手\n\n"
        "馅料比例：肉七菜三，加一勺香油。有问题留言，我都会回。\n\n#饺子 #dumplings #包饺子",
        Img("饺子", "dumpling", "3:4", "bowl"), Img("元宝", "cream", "1:1", "dots"), Img("麦穗", "sand", "1:1", "dots"),
        location="纽约·法拉盛", days=8.0, buzz=9,
        comments=[
            C("emma_dumplings", "Auntie Mei, the wheat-ear one broke me. Mine look like sad little boats.",
              (C("dumpling_auntie", "@emma_dumplings 船也好吃！Boats are delicious too. 多练几次就好了。"),)),
            C("nyc_sam", "Your shop is the reason I moved to Queens. Not even joking."),
            C("hsk_jordan", "肉七菜三 — I learned a new phrase today. Meat seven, veggies three?",
              (C("teacher_wang", "@hsk_jordan 对，七成肉、三成菜，说得很好！"),)),
        ],
    ),
    note(
        "chengdu_mala", "美国朋友寄来的烧烤酱，成都人的评价",
        "@kc_pitmaster 寄来了一瓶他自己调的 BBQ 酱，甜、烟熏味很重。\n"
        "我拿来刷了烤五花，又撒了一把孜然和辣椒面，中美合璧！\n"
        "结论：甜的东西配辣，意外地搭。\n\n#bbq #中美网友 #美食交流",
        Img("BBQ", "ember", "4:3", "flame"),
        location="成都", days=1.5, buzz=7,
        comments=[
            C("kc_pitmaster", "Cumin on burnt ends?? Okay I'm trying this next weekend. This is what this app is for.",
              (C("chengdu_mala", "@kc_pitmaster 一定要试！And send me photos!"),)),
            C("bridge_lily", "中美合璧 = the best of both, for anyone wondering."),
        ],
    ),
    note(
        "xihu_tea", "明前龙井，今年的第一泡",
        "玻璃杯，85 度的水，先倒三分之一，摇香，再注满。看茶叶一根根竖起来，很治愈。\n"
        "豆香很足，回甘快。\n\n#龙井 #杭州 #喝茶",
        Img("龙井", "tea", "3:4", "leaf"),
        location="杭州·龙井村", days=12.0, buzz=5,
        comments=[
            C("seattle_kai", "Seattle coffee person here, this is making me want to switch teams."),
            C("grandma_linda", "Such a peaceful picture. Does it taste grassy like green tea bags?",
              (C("xihu_tea", "@grandma_linda 比茶包清香很多，有一点炒豆子的香味。Much fresher than tea bags!"),)),
        ],
    ),
    note(
        "michigan_hao", "留子在美国吃到的第一顿正宗川菜",
        "开车一个半小时去底特律郊区，终于吃到水煮鱼和干锅花菜。老板是重庆人，听到我说四川话直接送了一盘凉粉。\n"
        "在国外最想念的就是这一口辣。\n\n#留学生活 #川菜 #密歇根",
        Img("水煮鱼", "chili", "3:4", "bowl"),
        location="Detroit, Michigan", days=10.0, buzz=5,
        comments=[
            C("chongqing_8d", "老乡开的店必须支持！送凉粉太有人情味了"),
            C("kc_pitmaster", "Detroit has a real food scene, glad you found your spot."),
        ],
    ),
    # --- 旅行 ---------------------------------------------------------------------------
    note(
        "dali_wind", "洱海边的早上六点",
        "住在才村，每天早上沿着生态廊道骑车。六点的洱海是蓝灰色的，云压得很低，苍山上有一圈雾。\n"
        "游客还没起床，只有我和几只红嘴鸥。\n\n#大理 #洱海 #旅行",
        Img("洱海", "ocean", "4:3", "mountains"), Img("苍山", "sky", "3:4", "mountains"),
        location="大理·洱海", days=3.5, buzz=8,
        comments=[
            C("parks_priya", "This looks like Crater Lake and a Swiss village had a baby. Adding Dali to the list."),
            C("grandma_linda", "Beautiful. What are the birds?",
              (C("dali_wind", "@grandma_linda 是红嘴鸥 black-headed gulls，每年冬天从西伯利亚飞来。"),)),
            C("hsk_jordan", "洱海 — ear sea? Is it shaped like an ear?",
              (C("dali_wind", "@hsk_jordan 传说是像耳朵，哈哈，你猜对了"),)),
        ],
    ),
    note(
        "dali_wind", "大理古城避坑指南",
        "1. 人民路晚上最热闹，但吃饭往旁边巷子里走，便宜一半\n2. 扎染可以去周城体验，不要在古城买\n"
        "3. 租电动车一定检查刹车\n4. 紫外线特别强，防晒要带够\n\n#大理 #旅行攻略 #云南",
        Img("大理", "sky", "3:4", "sun"),
        location="大理古城", days=14.0, buzz=6,
    ),
    note(
        "dali_wind", "给关注我的朋友：下个月的约拍时间",
        "下个月 10 号到 20 号在喜洲，想拍田野和老房子的可以私信。只给关注的朋友先看～\n\n#大理 #约拍",
        Img("喜洲", "sand", "4:3", "mountains"),
        location="大理·喜洲", followers_only=True, days=1.0, buzz=2,
    ),
    note(
        "chongqing_8d", "重庆导航失灵实录",
        "导航说“目的地就在您附近”，抬头一看，它在我头顶上三十米，中间隔着一栋楼。\n"
        "最后是坐电梯从 1 楼到 22 楼，出门又是马路。这就是 8D 魔幻城市。\n\n#重庆 #旅行 #8D魔幻",
        Img("8D", "night", "3:4", "city"),
        location="重庆·渝中区", days=2.0, buzz=9,
        comments=[
            C("nyc_sam", "As a New Yorker I thought I understood vertical cities. I did not.",
              (C("chongqing_8d", "@nyc_sam 来重庆体验一下，保证你迷路 😂 Come get lost with us!"),)),
            C("ohio_megan", "Ohio is so flat I could see my neighbor's house from three miles away. This is terrifying and amazing."),
            C("dali_wind", "上次去重庆，在解放碑附近转了四十分钟没找到酒店入口"),
        ],
    ),
    note(
        "chongqing_8d", "李子坝看轻轨穿楼",
        "观景台人很多，建议工作日下午去。两分钟左右来一趟，拍照的时候提前对好焦。\n"
        "楼里面其实就是一个普通车站，住户已经习惯了。\n\n#重庆 #李子坝 #旅行",
        Img("轻轨", "night", "4:3", "city"),
        location="重庆·李子坝", days=11.0, buzz=6,
    ),
    note(
        "chongqing_8d", "洪崖洞夜景，机位分享",
        "最好的机位不在洪崖洞里面，而是在对面千厮门大桥上，或者江北这边的江边。\n"
        "晚上七点半灯全亮，八点以后人少一点。\n\n#重庆 #夜景 #洪崖洞",
        Img("洪崖洞", "sunset", "3:4", "city"),
        location="重庆·洪崖洞", days=19.0, buzz=5,
    ),
    note(
        "hutong_laozhang", "胡同里的冬天",
        "早上遛弯，看见邻居老李在门口晒大白菜。现在楼房里的年轻人不囤菜了，胡同里还有。\n"
        "拍了几张，给美国朋友们看看老北京。\n\n#北京 #胡同 #老北京",
        Img("胡同", "ink", "4:3", "city"), Img("白菜", "mint", "1:1", "leaf"),
        location="北京·南锣鼓巷附近", days=4.0, buzz=7,
        comments=[
            C("ohio_megan", "Mr. Zhang your posts are my favorite thing on here. The cabbages!! My grandma used to do this with potatoes.",
              (C("hutong_laozhang", "@ohio_megan Thank you Megan! 你的奶奶和我们一样，哈哈。"),)),
            C("grandma_linda", "We're about the same age I think. Hello from Florida, Mr. Zhang!",
              (C("hutong_laozhang", "@grandma_linda Hello Linda! 佛罗里达冬天不冷吧？Here is very cold."),)),
        ],
    ),
    note(
        "hutong_laozhang", "跟美国网友学的第一句俚语",
        "Megan 教我说 \"no cap\"，意思是“不骗你”。\n今天在楼下跟孙子说：“爷爷今天走了一万步，no cap。”\n孙子笑了半天，说爷爷太潮了。\n\n#学英语 #languageexchange #中美网友",
        Img("no cap", "berry", "1:1", "speech"),
        location="北京", days=7.0, buzz=10,
        comments=[
            C("ohio_megan", "I'm crying. Mr. Zhang is officially cooler than me now.",
              (C("bridge_lily", "@ohio_megan 他已经是全站最潮的爷爷了 😂"),)),
            C("hsk_jordan", "Trading slang both ways is the best. Can you teach us one Beijing phrase back?",
              (C("hutong_laozhang", "@hsk_jordan 好！“倍儿棒” — means super great. 北京话！"),)),
            C("study_with_yu", "张大爷的学习劲头值得我们年轻人学习"),
        ],
    ),
    note(
        "xihu_tea", "秋天的西湖，满觉陇的桂花",
        "今年桂花开得晚，十月中旬才满城飘香。满觉陇的桂花栗子羹一定要喝，甜而不腻。\n\n#杭州 #西湖 #桂花",
        Img("桂花", "peach", "3:4", "leaf"),
        location="杭州·满觉陇", days=25.0, buzz=4,
    ),
    note(
        "michigan_hao", "密歇根的冬天有多冷",
        "早上出门零下二十度，睫毛结霜了。学校的巴士晚了十分钟，等车的人都在原地跳。\n"
        "本地同学说这还不算冷。我：？\n\n#留学生活 #密歇根 #冬天",
        Img("-20°C", "ice", "3:4", "snow"),
        location="Ann Arbor, Michigan", days=1.2, buzz=6,
        comments=[
            C("ohio_megan", "Midwest solidarity 🥶 it gets worse in February, I'm so sorry",
              (C("michigan_hao", "@ohio_megan 二月还更冷？？I'm not ready."),)),
            C("wuhan_guozi", "武汉人看到这个温度已经开始发抖了"),
        ],
    ),
    # --- 萌宠 ---------------------------------------------------------------------------
    note(
        "meow_tuantuan", "今日猫税：团团霸占了键盘",
        "我在开视频会，团团直接躺在键盘上，给同事发了一串 ggggggggggg。\n老板问这是什么意思，我说是猫的意见。\n\n#萌宠 #猫税 #橘猫",
        Img("团团", "peach", "3:4", "cat"),
        location="南京", days=0.8, buzz=9,
        comments=[
            C("catmom_jess", "Tuantuan has the same job as my cat Pickle. Professional keyboard warmer.",
              (C("meow_tuantuan", "@catmom_jess 全世界的猫都是同一个公司的员工 😂"),)),
            C("ohio_megan", "Cat tax received. 团团 is so round I love him"),
            C("bridge_lily", "For English speakers: 猫税 (cat tax) is exactly what you think. Pay up."),
        ],
    ),
    note(
        "meow_tuantuan", "圆圆第一次见到雪",
        "伸爪子碰了一下，马上缩回来，然后盯着窗外看了半个小时。橘猫的好奇心是有限的，但这次很久。\n\n#萌宠 #猫 #下雪了",
        Img("圆圆", "ice", "1:1", "cat"),
        location="南京", days=6.5, buzz=7,
        comments=[C("grandma_linda", "Biscuit did the same thing his first winter! Then he ate the snow.")],
    ),
    note(
        "meow_tuantuan", "两只猫的体检报告",
        "团团：超重 0.8 公斤，医生说要减肥。\n圆圆：一切正常，但是很凶，抽血的时候骂了医生五分钟。\n\n#萌宠 #养猫日常",
        Img("体检", "mint", "4:3", "cat"),
        location="南京", days=20.0, buzz=4,
    ),
    # --- 穿搭 ---------------------------------------------------------------------------
    note(
        "ootd_qiqi", "158 小个子的冬季通勤穿搭",
        "短款羽绒服＋高腰直筒裤＋厚底乐福鞋，视觉上拉长腿。\n颜色只用三种：燕麦色、深灰、白。\n"
        "包包选小一点的，比例会更协调。\n\n#穿搭 #小个子穿搭 #ootd",
        Img("OOTD", "cream", "3:4", "hanger"), Img("通勤", "latte", "3:4", "hanger"),
        location="广州", days=3.2, buzz=7,
        comments=[
            C("thrift_olivia", "The three-color rule is so smart. I've been telling people this for years!",
              (C("ootd_qiqi", "@thrift_olivia 谢谢！Your thrift flips are my inspiration 🥰"),)),
            C("xiaolongbao_lin", "燕麦色真的百搭，求链接"),
        ],
    ),
    note(
        "ootd_qiqi", "二手市场淘到的羊毛大衣",
        "只要 180 块，拿去干洗店洗了一下，跟新的一样。\n被美国博主 @thrift_olivia 安利了二手穿搭，发现真的很省钱，也更环保。\n\n#穿搭 #二手 #thrifting",
        Img("大衣", "latte", "3:4", "hanger"),
        location="广州", days=13.0, buzz=5,
        comments=[C("thrift_olivia", "WAIT the tag on that coat?? 180 yuan is a steal. Welcome to the thrift life 💚")],
    ),
    note(
        "ootd_qiqi", "只给关注我的姐妹看：下周新品预告",
        "跟一个小众设计师品牌合作了几件衣服，下周发。先给关注我的朋友们剧透一下颜色～\n\n#穿搭",
        Img("新品", "berry", "1:1", "hanger"),
        location="广州", followers_only=True, days=0.5, buzz=2,
    ),
    # --- 学习 ---------------------------------------------------------------------------
    note(
        "kaoyan_ana", "考研倒计时 30 天，我的一天",
        "6:30 起床背单词\n8:00-11:30 专业课\n14:00-17:00 数学真题\n19:00-22:00 政治＋英语作文\n"
        "每天复盘错题，睡前听十分钟英语播客放松一下。\n坚持住，一起上岸！\n\n#考研 #学习 #自律",
        Img("30天", "mint", "3:4", "book"),
        location="图书馆", days=2.8, buzz=8,
        comments=[
            C("study_with_yu", "英语作文可以背几个万能句型，但是一定要自己改写，不要整段背",
              (C("kaoyan_ana", "@study_with_yu 收到！谢谢学姐"),)),
            C("hsk_jordan", "This schedule is intense. 加油! (Did I use that right?)",
              (C("kaoyan_ana", "@hsk_jordan 用得完全正确！Thank you!"),)),
        ],
    ),
    note(
        "kaoyan_ana", "二战上岸经验：错题本怎么做",
        "不要抄题！只写三样东西：错在哪、正确思路、下次看到什么关键词要警惕。\n"
        "每周日把本周错题重做一遍，还错的用红笔标出来。\n\n#考研 #学习方法 #studytips",
        Img("错题本", "ink", "4:3", "book"),
        days=16.0, buzz=6,
    ),
    note(
        "study_with_yu", "雅思口语 7 分的小习惯",
        "1. 每天用英语自言自语五分钟，描述你正在做的事\n2. 录音，回听，找出卡壳的地方\n"
        "3. 跟英语母语的朋友语言交换，我在这里认识了 @hsk_jordan，每周互相纠错\n\n#雅思 #english #studytips",
        Img("IELTS", "sky", "3:4", "book"),
        days=5.0, buzz=7,
        comments=[
            C("hsk_jordan", "Our Thursday calls are the highlight of my week. 你的英语已经很好了！",
              (C("study_with_yu", "@hsk_jordan 你的声调也进步很多了！"),)),
            C("shenzhen_wu", "自言自语这个方法我试过，地铁上别人以为我疯了😂"),
        ],
    ),
    note(
        "study_with_yu", "帮外国朋友改中文作文，发现的三个常见错误",
        "1. “我很喜欢吃饭在餐厅” → 地点要放在动词前：“我很喜欢在餐厅吃饭”\n"
        "2. “我昨天去了商店和买了水果” → 中文不用“和”连接动词\n"
        "3. 量词乱用：“一个书”应该是“一本书”\n\n#学中文 #languageexchange #中文",
        Img("语法", "lavender", "1:1", "book"),
        days=9.5, buzz=7,
        comments=[
            C("emma_dumplings", "Number 2 is literally me every single time. Thank you for explaining WHY.",
              (C("study_with_yu", "@emma_dumplings 英语母语的人几乎都会犯这个错，很正常！"),)),
            C("teacher_wang", "总结得很好，我的学生也经常这样。"),
        ],
    ),
    note(
        "teacher_wang", "声调练习：一个好用的方法",
        "把四个声调想成手势：一声平着划，二声往上挑，三声先下后上，四声往下砍。\n"
        "练习的时候手跟着动，坚持一周，效果很明显。\n\n"
        "Tone tip: use your hand! Flat, up, dip, chop. 试试看～\n\n#学中文 #声调 #hsk",
        Img("mā má mǎ mà", "lavender", "4:3", "speech"),
        days=4.5, buzz=9,
        comments=[
            C("hsk_jordan", "The hand thing actually works. I look ridiculous on the bus but my third tone is better.",
              (C("teacher_wang", "@hsk_jordan 看起来奇怪没关系，说得准最重要！"),)),
            C("ohio_megan", "妈麻马骂 — my mom, my hemp, my horse, my scold. I finally get the joke.",
              (C("bridge_lily", "@ohio_megan 四个声调一句话：妈妈骑马，马慢，妈妈骂马 😂"),)),
            C("catmom_jess", "Trying this tonight with my tutor!"),
        ],
    ),
    note(
        "teacher_wang", "外国学生最常问的问题：“的、得、地”",
        "简单记：\n的 + 名词：我的猫\n地 + 动词：慢慢地走\n得 + 补语：跑得很快\n"
        "说的时候三个都读 de，写的时候才需要分清。很多中国人也会写错，别太担心。\n\n#学中文 #语法",
        Img("的得地", "ink", "1:1", "book"),
        days=18.0, buzz=5,
    ),
    # --- 语言交换 / 中美网友 ------------------------------------------------------------
    note(
        "bridge_lily", "给新来的美国朋友：最常见的 10 个网络用语",
        "1. 绝绝子 = absolutely amazing（有时是反讽）\n2. yyds = GOAT\n3. 破防了 = I'm emotionally wrecked\n"
        "4. 躺平 = lying flat, opting out of the rat race\n5. 栓Q = thank you（但其实是无语）\n"
        "6. 社恐 = socially anxious\n7. 打卡 = checking in at a place (for photos)\n8. 种草 = got tempted to buy\n"
        "9. 拔草 = finally bought it / lost interest\n10. 芭比Q了 = it's over, we're done\n\n#languageexchange #网络用语 #学中文",
        Img("yyds", "berry", "3:4", "speech"), Img("绝绝子", "peach", "1:1", "speech"),
        days=6.0, buzz=10,
        comments=[
            C("ohio_megan", "栓Q is sending me. So it's like a sarcastic 'thank you'?",
              (C("bridge_lily", "@ohio_megan Exactly. Like when your flight is delayed again: 栓Q."),)),
            C("hsk_jordan", "种草 and 拔草 are so useful. I got 种草'd by like six notes today.",
              (C("study_with_yu", "@hsk_jordan 用法完全正确！被种草了 😂"),)),
            C("chengdu_tom", "芭比Q了 is what I say every time someone orders 特辣 for the table."),
        ],
    ),
    note(
        "michigan_hao", "当美国同学第一次吃辣条",
        "带了一包卫龙去实验室，美国同学咬了一口，表情从好奇到震惊再到“我还要”。\n"
        "现在他们每周问我什么时候再带。中美友谊从零食开始。\n\n#中美网友 #留学生活 #零食",
        Img("辣条", "chili", "1:1", "flame"),
        location="Ann Arbor, Michigan", days=8.5, buzz=7,
        comments=[
            C("ohio_megan", "The Asian market near me finally stocks 卫龙 and I've bought it four times this month.",),
            C("taco_dan", "I need to know what this tastes like. Spicy jerky but... tofu?",
              (C("michigan_hao", "@taco_dan 差不多！Spicy, sweet, chewy, made from flour. Very addictive."),)),
        ],
    ),
    note(
        "shenzhen_wu", "在深圳带美国网友逛华强北",
        "Qiao 上认识的网友 Sam 来深圳出差，我带他去华强北。他看到一整栋楼都是卖电子元件的，站在门口说了五遍 \"no way\"。\n"
        "最后买了一堆数据线和一个小风扇回去。\n\n#深圳 #中美网友 #华强北",
        Img("华强北", "night", "4:3", "city"),
        location="深圳·华强北", days=12.5, buzz=6,
        comments=[
            C("nyc_sam", "Five times is an undercount. Best day of the trip, thank you Wu!",
              (C("shenzhen_wu", "@nyc_sam 下次带你去吃潮汕牛肉火锅！"),)),
        ],
    ),
    note(
        "hutong_laozhang", "美国朋友问我：北京人早上吃什么",
        "豆汁儿焦圈、炒肝、包子、豆腐脑。我说豆汁儿外地人一般喝不惯，有股酸味。\n"
        "Megan 说等她来北京一定要挑战一下。我先把丑话说在前头。\n\n#老北京 #早餐 #中美网友",
        Img("豆汁儿", "sand", "3:4", "bowl"),
        location="北京", days=21.0, buzz=5,
        comments=[C("ohio_megan", "Challenge accepted. Future Megan will report back. 🫡")],
    ),
    note(
        "chengdu_mala", "只给老粉：我私藏的三家苍蝇馆子",
        "没有招牌、没有菜单、老板脾气大，但是好吃到想哭。地址只放在这里，请大家低调去吃～\n\n#成都美食 #苍蝇馆子",
        Img("私藏", "ember", "1:1", "bowl"),
        location="成都", followers_only=True, days=0.3, buzz=3,
    ),
    note(
        "wuhan_guozi", "中美早餐大对比（纯属个人观点）",
        "美国早餐：煎蛋、培根、松饼、咖啡，很扎实，但是吃多了腻。\n"
        "武汉过早：热干面、豆皮、蛋酒、面窝，一周不重样。\n我宣布武汉赢了，欢迎美国朋友来反驳😂\n\n#过早 #中美网友 #早餐",
        Img("早餐", "sunset", "1:1", "sun"),
        location="武汉", days=5.0, buzz=6,
        comments=[
            C("kc_pitmaster", "Bold words. Biscuits and gravy would like a word.",
              (C("wuhan_guozi", "@kc_pitmaster 饼干和肉汁？Biscuits with gravy for breakfast? 我要研究一下"),
               C("bridge_lily", "@wuhan_guozi American biscuits are more like soft scones, not cookies! 不是饼干，是松软的小面包。"))),
            C("taco_dan", "Breakfast tacos enter the chat."),
        ],
    ),
    note(
        "kaoyan_ana", "学累了，看看大家的猫",
        "刷到 @meow_tuantuan 的团团躺在键盘上，笑得我把刚背的单词全忘了。\n今天奖励自己休息半小时。\n\n#考研 #萌宠 #学习",
        Img("休息", "peach", "1:1", "cat"),
        days=0.6, buzz=3,
    ),
    note(
        "xiaolongbao_lin", "第一次用英语点咖啡，紧张到手抖",
        "在上海的一家外国人开的咖啡店，店员只会说英语。我准备了三遍：\"Can I get an oat latte, please?\"\n"
        "结果店员回了一句 \"For here or to go?\"，我大脑空白了。\n最后指了指门口😂 下次一定可以！\n\n#学英语 #english #日常",
        Img("Latte", "latte", "3:4", "cup"),
        location="上海·武康路", days=7.5, buzz=7,
        comments=[
            C("seattle_kai", "You did great! 'For here or to go' confuses native speakers at 7am too.",
              (C("xiaolongbao_lin", "@seattle_kai Thank you Kai! Next time I will say 'to go' 💪"),)),
            C("study_with_yu", "这句话真的很常见，我第一次也懵了"),
        ],
    ),
    note(
        "dumpling_auntie", "店里来了一位说四川话的美国小伙",
        "他说在成都教了三年英语，一开口“要得要得”，把我们后厨的师傅都逗笑了。\n"
        "走的时候打包了五十个饺子，说要冻起来慢慢吃。\n\n#中美网友 #饺子 #法拉盛",
        Img("要得", "dumpling", "4:3", "speech"),
        location="纽约·法拉盛", days=10.5, buzz=6,
        comments=[C("chengdu_tom", "Guilty 🙋‍♂️ Those dumplings lasted exactly four days.")],
    ),
    note(
        "chengdu_mala", "成都人在家做美式 tacos 的失败经历",
        "看了 @taco_dan 的视频，决定自己做。玉米饼买不到，用了春卷皮……\n"
        "结果：一咬就碎，馅全掉了。味道还行，形状完全失败。\n\n#tacos #下厨房 #中美网友",
        Img("TACO?", "sand", "1:1", "bowl"),
        location="成都", days=11.5, buzz=6,
        comments=[
            C("taco_dan", "This is the most beautiful disaster I've ever seen. Next time try a tortilla warmer on the pan!",
              (C("chengdu_mala", "@taco_dan 成都哪里能买到好的玉米饼？求推荐"),)),
            C("la_marco", "Spring roll wrapper tacos is honestly a fusion restaurant waiting to happen."),
        ],
    ),
    note(
        "xihu_tea", "在茶园里教美国游客采茶",
        "一芽一叶，用指甲掐，不要拽。她学得很快，就是一直说 \"so tiny!\"\n"
        "一斤龙井要几万个芽头，她听完表示终于理解为什么好茶这么贵了。\n\n#杭州 #龙井 #中美网友",
        Img("一芽一叶", "tea", "4:3", "leaf"),
        location="杭州·梅家坞", days=23.0, buzz=4,
    ),
    note(
        "dali_wind", "苍山上的云，一分钟一个样",
        "坐索道上去，本来是晴天，五分钟后云就从山谷里涌上来，站在里面什么都看不见。\n"
        "又过了十分钟，云散了，洱海整个露出来。\n\n#大理 #苍山 #旅行",
        Img("云", "sky", "3:4", "mountains"),
        location="大理·苍山", days=27.0, buzz=4,
    ),
    note(
        "chongqing_8d", "重庆小面，一碗六块",
        "早上七点，路边小店，塑料凳子。麻辣的，加一个煎蛋。\n"
        "重庆人说“小面不是面，是生活”。\n\n#重庆 #小面 #重庆美食",
        Img("小面", "chili", "1:1", "bowl"),
        location="重庆·观音桥", days=8.0, buzz=5,
        comments=[C("chengdu_tom", "Chongqing noodles at 7am with a fried egg is peak human experience.")],
    ),
    note(
        "shenzhen_wu", "程序员周末徒步梧桐山",
        "从山脚到好汉坡，一路都是台阶，腿已经不是自己的了。\n山顶能看到深圳和香港，云雾里的城市很不真实。\n\n#深圳 #徒步 #hiking",
        Img("梧桐山", "forest", "3:4", "mountains"),
        location="深圳·梧桐山", days=15.5, buzz=4,
        comments=[C("parks_priya", "Those stairs look brutal. The view though! Bookmarking for a future trip.")],
    ),
    note(
        "ootd_qiqi", "一件白衬衫的五种穿法",
        "1. 塞进牛仔裤，最基础\n2. 外搭针织背心，学院风\n3. 敞开当外套，内搭吊带\n4. 下摆打结，配半身裙\n5. 套在连衣裙外面，秋天很好看\n\n#穿搭 #白衬衫 #ootd",
        Img("白衬衫", "cream", "3:4", "hanger"), Img("5 ways", "lavender", "3:4", "hanger"),
        location="广州", days=20.5, buzz=6,
    ),
    note(
        "meow_tuantuan", "跟美国猫友交换猫粮测评",
        "@catmom_jess 寄来了美国的冻干零食，我寄了国产的鸡胸肉条。\n团团：两个都吃，吃完还要。\n圆圆：只吃美国的，真挑剔。\n\n#萌宠 #中美网友 #猫税",
        Img("猫粮", "peach", "4:3", "cat"),
        location="南京", days=13.5, buzz=6,
        comments=[
            C("catmom_jess", "Pickle ate the chicken strips in record time. International cat diplomacy is a success.",
              (C("meow_tuantuan", "@catmom_jess 下次换鱼干试试！"),)),
        ],
    ),
    note(
        "study_with_yu", "我的英语单词本，手写版",
        "每个单词写三样：英文释义、一个自己造的例句、一个同义词。\n"
        "今天学的：procrastinate（拖延）—— I procrastinate by organizing my notes about procrastination.\n\n#english #学习 #studytips",
        Img("vocab", "mint", "3:4", "book"),
        days=24.0, buzz=4,
    ),
    note(
        "teacher_wang", "今天的学生问：为什么中文没有时态？",
        "其实中文有“体”，不是没有时间：了、过、着、在，再加上时间词“昨天、明天、已经”，一样能说清楚什么时候发生。\n"
        "学生说：so it's like time is a separate word instead of a verb ending。对！\n\n#学中文 #语法 #languageexchange",
        Img("了 过 着", "lavender", "4:3", "book"),
        days=1.8, buzz=6,
        comments=[C("emma_dumplings", "This explanation just unlocked something in my brain. Time is a separate word. 谢谢王老师！")],
    ),
    note(
        "xian_mianshi", "凉皮的夏天",
        "凉皮、肉夹馍、冰峰，三秦套餐。芝麻酱、醋、辣椒油缺一不可，黄瓜丝要多。\n\n#西安美食 #凉皮 #夏天",
        Img("凉皮", "mint", "3:4", "bowl"),
        location="西安", days=28.0, buzz=3,
    ),
    note(
        "kaoyan_ana", "图书馆占座的人都去哪了",
        "早上七点书包就放在座位上了，人到下午四点才出现。\n我旁边这个位置，书包已经在这里待了三天，我怀疑它自己在考研。\n\n#考研 #图书馆 #学习",
        Img("占座", "ink", "1:1", "book"),
        days=10.0, buzz=5,
        comments=[C("shenzhen_wu", "书包考研成功的话记得告诉我们😂")],
    ),
    note(
        "michigan_hao", "给美国同学包饺子",
        "宿舍厨房，三个美国人、一个韩国人、一个中国人。饺子形状各种各样，有一个像披萨。\n"
        "大家说下次要办“饺子之夜”，每个月一次。\n\n#饺子 #留学生活 #中美网友",
        Img("饺子之夜", "dumpling", "4:3", "bowl"),
        location="Ann Arbor, Michigan", days=17.5, buzz=5,
        comments=[C("dumpling_auntie", "像披萨的那个我要看照片！包得好不好看不重要，开心最重要。")],
    ),
    note(
        "xiaolongbao_lin", "外滩的清晨，和晚上完全是两个地方",
        "晚上的外滩人挤人，早上六点只有晨跑的人和打太极的阿姨叔叔。\n"
        "对岸的陆家嘴还没开灯，江面上有运沙船慢慢开过去。很安静的上海。\n\n#上海 #外滩 #旅行",
        Img("外滩", "sunset", "4:3", "city"),
        location="上海·外滩", days=26.5, buzz=5,
        comments=[C("nyc_sam", "Cities at 6am are the best version of themselves. Same with Brooklyn Bridge.")],
    ),
    note(
        "wuhan_guozi", "东湖绿道骑行，秋天最舒服",
        "租一辆共享单车，从磨山骑到听涛，全程二十多公里。湖面很大，风吹过来有点像在海边。\n"
        "中途停下来吃了一碗糊汤粉，完美。\n\n#武汉 #东湖 #骑行",
        Img("东湖", "ocean", "4:3", "leaf"),
        location="武汉·东湖", days=18.5, buzz=4,
    ),
    note(
        "shenzhen_wu", "深圳湾的日落，下班后的奖励",
        "六点下班，骑车二十分钟到深圳湾公园，刚好赶上日落。对面就是香港，海风很舒服。\n"
        "在这里跑步的人、放风筝的小孩、钓鱼的大爷，大家都很放松。\n\n#深圳 #日落 #生活",
        Img("日落", "sunset", "3:4", "sun"),
        location="深圳湾公园", days=2.4, buzz=5,
        comments=[C("seattle_kai", "Sunsets after work hit different. Seattle only gets these in summer.")],
    ),
]
