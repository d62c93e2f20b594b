"""Demo notes written mostly in English (a few mixed). Original text written for Qiao's demo."""

from .model import C, Img, note

NOTES = [
    # --- Language exchange / the January 2025 arrivals -------------------------------------
    note(
        "ohio_megan", "Hello from Ohio 👋 (my very first post on here)",
        "I showed up in January 2025 when everyone fled over from TikTok, and I honestly expected to stay a week.\n"
        "Instead I learned what 猫税 means, got adopted by a retired guy in Beijing who sends me hutong photos, "
        "and now I can order noodles in Mandarin (badly).\n\nIf you're new: say hi, post your cat, be nice. That's the whole culture.\n\n"
        "#languageexchange #hellofromohio #中美网友",
        Img("HELLO", "sky", "3:4", "speech"), Img("你好", "sunset", "1:1", "speech"),
        location="Columbus, Ohio", days=29.0, buzz=10,
        comments=[
            C("hutong_laozhang", "欢迎 Megan！You are my first American friend. 你的中文进步很快。",
              (C("ohio_megan", "@hutong_laozhang 谢谢张叔叔！You're the reason I'm still here."),)),
            C("chengdu_mala", "来成都吃火锅！我请客 🌶️",
              (C("ohio_megan", "@chengdu_mala I'm holding you to this!! 一言为定！"),)),
            C("bridge_lily", "The cat tax rule is sacred. Welcome officially, even if it's late 😂"),
        ],
    ),
    note(
        "ohio_megan", "Things Chinese users taught me in my first week",
        "1. 哈哈哈哈 length = how funny it actually was\n2. 'Add oil' (加油) is encouragement, not a cooking tip\n"
        "3. Everyone has a strong opinion on which city has the best breakfast\n4. Your cat must be shown. No exceptions.\n"
        "5. Ohio is apparently famous as a meme over there too??\n\n#languageexchange #学中文 #hellofromohio",
        Img("加油", "berry", "1:1", "speech"),
        location="Columbus, Ohio", days=26.0, buzz=8,
        comments=[
            C("wuhan_guozi", "第三条说得太对了，武汉过早天下第一（认真脸）"),
            C("bridge_lily", "哈哈 vs 哈哈哈哈哈哈哈 is a real science. Three 哈 is polite, seven is genuine."),
            C("study_with_yu", "Ohio meme is famous worldwide now 😂 你已经完全融入了"),
        ],
    ),
    note(
        "ohio_megan", "Ohio, explained for my Chinese followers",
        "Yes it's flat. Yes there's a lot of corn. No, nothing weird happens here (mostly).\n"
        "But autumn in Hocking Hills is genuinely gorgeous and our buckeye candy is elite.\n"
        "俄亥俄欢迎你们！\n\n#hellofromohio #travel #中美网友",
        Img("OHIO", "sunset", "4:3", "leaf"),
        location="Hocking Hills, Ohio", days=16.0, buzz=7,
        comments=[
            C("hutong_laozhang", "树叶颜色很漂亮！Like Beijing Fragrant Hills 香山 in October."),
            C("meow_tuantuan", "“俄亥俄”这三个字我终于知道长什么样了哈哈"),
        ],
    ),
    note(
        "ohio_megan", "My 中文 progress after all this time, honestly",
        "Can do: order food, talk about my cat, say 'I don't understand' in four polite ways.\n"
        "Can't do: understand anyone from Chongqing talking fast, read handwriting, third tone on a good day.\n"
        "Still worth every minute. Big thanks to @teacher_wang and @bridge_lily 🫶\n\n#学中文 #languageexchange",
        Img("进步", "mint", "3:4", "book"),
        days=3.0, buzz=7,
        comments=[
            C("teacher_wang", "Megan, you're doing great. 慢慢来，比较快。",
              (C("ohio_megan", "@teacher_wang 'Slow down, it's faster' — okay that one hit deep"),)),
            C("chongqing_8d", "重庆话连四川人都觉得快，不怪你😂"),
        ],
    ),
    note(
        "hsk_jordan", "HSK 4 in 8 weeks: my actual plan",
        "Mon–Fri: 20 new words in Anki + 30 min listening (podcasts at 0.8x, no shame)\n"
        "Tue/Thu: language exchange call with @study_with_yu\nSat: one full mock test, timed\nSun: rest and watch a drama with Chinese subtitles\n\n"
        "Weakest area: reading speed. Any tips appreciated 🙏\n\n#hsk #学中文 #studytips",
        Img("HSK 4", "lavender", "3:4", "book"), Img("8 weeks", "sky", "1:1", "book"),
        days=5.8, buzz=8,
        comments=[
            C("teacher_wang", "阅读速度：先读题目，再找关键词，不要每个字都查。Don't look up every word!",
              (C("hsk_jordan", "@teacher_wang 好的！I've been looking up literally every word. That explains a lot."),)),
            C("kaoyan_ana", "我们考研的人也是这么安排的，加油！一起上岸"),
        ],
    ),
    note(
        "hsk_jordan", "Words that tricked me this week",
        "买 (mǎi, buy) vs 卖 (mài, sell) — one stroke and one tone apart. I told a shopkeeper I wanted to SELL her apples.\n"
        "She laughed and sold them to me anyway.\n\n#学中文 #hsk #languageexchange",
        Img("买 卖", "peach", "1:1", "speech"),
        days=2.2, buzz=8,
        comments=[
            C("study_with_yu", "记法：卖 has 十 on top — you have extra to sell! 多出来的才卖。",
              (C("hsk_jordan", "@study_with_yu oh that's a really good trick, thank you!!"),)),
            C("hutong_laozhang", "老板一定很开心，哈哈。Good try!"),
        ],
    ),
    note(
        "hsk_jordan", "Followers only: my embarrassing voice memo practice",
        "Posting this only for you all because it's rough. Reading a short story aloud, tones included. Roast me gently.\n\n#学中文",
        Img("🎙", "ink", "1:1", "speech"),
        followers_only=True, days=0.4, buzz=2,
    ),
    note(
        "emma_dumplings", "A Mancunian tries to explain 'innit' in Chinese",
        "My exchange partner asked what 'innit' means. I said it's like 对吧 but lazier and more British.\n"
        "She now ends every English sentence with it. I've created a monster.\n\n#languageexchange #english #学英语",
        Img("innit", "sky", "4:3", "speech"),
        location="Chicago", days=9.0, buzz=6,
        comments=[
            C("xiaolongbao_lin", "I will use 'innit' from today, innit? 😂",
              (C("emma_dumplings", "@xiaolongbao_lin perfect usage, no notes"),)),
            C("bridge_lily", "对吧 but lazier is the best definition of innit I've ever heard"),
        ],
    ),
    note(
        "emma_dumplings", "Chopsticks progress report: week 6",
        "Can now pick up a peanut. Cannot yet pick up a slippery tofu cube. Dropped one into my tea today.\n"
        "Practising on dried beans like @dumpling_auntie suggested.\n\n#学中文 #chopsticks #dumplings",
        Img("筷子", "cream", "3:4", "dots"),
        location="Chicago", days=19.0, buzz=4,
        comments=[C("dumpling_auntie", "豆腐最难！Tofu is the final boss. You are doing well.")],
    ),
    note(
        "bridge_lily", "Why Chinese users call Americans '美国友友'",
        "友友 is a cute doubled form of 朋友 (friend), kind of like saying 'friendo'. It got super popular when everyone "
        "came over from TikTok. It's affectionate, not sarcastic — you'll see it everywhere in comments.\n\n"
        "友友们 = hey friends, y'all.\n\n#languageexchange #网络用语 #中美网友",
        Img("友友", "berry", "1:1", "speech"),
        location="San Francisco", days=20.0, buzz=8,
        comments=[
            C("catmom_jess", "So when people write 友友们 in my comments they're being nice! I thought it was a typo lol"),
            C("teacher_wang", "解释得非常准确 👍"),
        ],
    ),
    note(
        "bridge_lily", "Translating memes is the hardest part of my job",
        "A client asked me to translate 'it's giving main character energy' into Chinese for an ad.\n"
        "I went with 主角光环拉满 and I'm still not sure. Slang doesn't translate, it migrates.\n\n#translation #languageexchange #网络用语",
        Img("主角光环", "lavender", "4:3", "speech"),
        location="San Francisco", days=12.0, buzz=6,
        comments=[C("study_with_yu", "主角光环拉满 很地道！我会用这个")],
    ),
    note(
        "catmom_jess", "Cat tax: Pickle, Noodle, and Bean",
        "For everyone who's new: on this app, if you mention your cat, you must post your cat. I'm paying in advance.\n"
        "Pickle (orange, chaos), Noodle (grey, dramatic), Bean (black, judges you).\n\n#cattax #猫税 #萌宠 #cats",
        Img("PICKLE", "peach", "3:4", "cat"), Img("NOODLE", "ice", "3:4", "cat"), Img("BEAN", "ink", "3:4", "cat"),
        location="Denver, Colorado", days=27.5, buzz=10,
        comments=[
            C("meow_tuantuan", "三只猫！Pickle 和团团一定能成为好朋友，都是橘猫",
              (C("catmom_jess", "@meow_tuantuan Orange cat brotherhood 🧡 one brain cell shared worldwide"),)),
            C("ohio_megan", "Bean judging me through the screen is exactly right."),
            C("grandma_linda", "Biscuit sends his regards to all three."),
        ],
    ),
    note(
        "catmom_jess", "Noodle discovered the bathtub",
        "Noodle sits in the empty tub every morning and screams until someone acknowledges him. We don't know why. He doesn't want water.\n"
        "He just wants an audience.\n\n#cats #cattax #萌宠",
        Img("NOODLE", "ocean", "4:3", "cat"),
        location="Denver, Colorado", days=4.8, buzz=6,
        comments=[C("meow_tuantuan", "圆圆也喜欢在浴缸里叫，可能浴缸有回声，猫觉得自己的声音很好听😂")],
    ),
    note(
        "catmom_jess", "Learning 中文 through cat vocabulary",
        "So far: 猫 (cat), 喵 (meow), 胖 (fat — useful for Pickle), 睡觉 (sleep — useful for all of them), 铲屎官 (literally 'poop-scooping officer' = cat owner).\n"
        "铲屎官 is my new job title.\n\n#学中文 #萌宠 #languageexchange",
        Img("铲屎官", "mint", "1:1", "cat"),
        days=14.5, buzz=8,
        comments=[
            C("meow_tuantuan", "铲屎官 is the most important job in the world 🫡"),
            C("teacher_wang", "用猫学中文，效率最高。Next word: 撸猫 (to pet a cat)!"),
        ],
    ),
    note(
        "grandma_linda", "Biscuit and the tomatoes",
        "My granddaughter showed me how to post here. This is Biscuit. He guards my tomato plants from squirrels.\n"
        "He has never caught one. He has eaten three tomatoes.\n\n#gardening #dogs #萌宠",
        Img("BISCUIT", "sunset", "4:3", "leaf"),
        location="Sarasota, Florida", days=18.0, buzz=8,
        comments=[
            C("hutong_laozhang", "Linda, your garden is beautiful! 我也种西红柿，在阳台上。",
              (C("grandma_linda", "@hutong_laozhang Balcony tomatoes! Please post a picture Mr. Zhang."),)),
            C("meow_tuantuan", "狗狗吃西红柿太可爱了"),
        ],
    ),
    note(
        "grandma_linda", "A question for my new Chinese friends",
        "What do you grow on your balconies? Mr. Zhang mentioned tomatoes and scallions. I'd love to try growing something new this spring.\n\n#gardening #中美网友",
        Img("GARDEN", "forest", "1:1", "leaf"),
        location="Sarasota, Florida", days=8.2, buzz=5,
        comments=[
            C("xihu_tea", "可以试试薄荷和紫苏，很好养。Mint and perilla are easy!"),
            C("wuhan_guozi", "武汉阳台标配：小葱、辣椒、蒜苗 🌶️"),
        ],
    ),
    # --- Food ------------------------------------------------------------------------------
    note(
        "taco_dan", "Austin taco truck ranking, fall edition",
        "1. Al pastor from the truck by the laundromat on Cesar Chavez — the pineapple is grilled to order\n"
        "2. Brisket taco at the BBQ-taco hybrid place, unfair advantage\n3. Migas breakfast taco, any truck, any day\n\n"
        "Hot take: flour tortillas are correct for breakfast tacos. Fight me.\n\n#tacos #austin #food",
        Img("TACOS", "sand", "4:3", "bowl"), Img("AL PASTOR", "ember", "1:1", "flame"),
        location="Austin, Texas", days=6.5, buzz=8,
        comments=[
            C("la_marco", "Flour for breakfast, corn for everything else. This is the way."),
            C("chengdu_mala", "看起来太好吃了！Al pastor 是烤猪肉吗？",
              (C("taco_dan", "@chengdu_mala Yes! Marinated pork cooked on a vertical spit, like shawarma. 你会喜欢的"),)),
        ],
    ),
    note(
        "taco_dan", "Finally found hot pot in Austin that passes the Chengdu test",
        "Sent photos to @chengdu_mala for approval. The verdict: '还可以' which she says means 'not bad' and I'm choosing to read as high praise.\n"
        "The beef tallow broth was legit. Ordered 中辣 and regretted nothing except everything.\n\n#火锅 #hotpot #austin",
        Img("HOT POT", "chili", "3:4", "bowl"),
        location="Austin, Texas", days=1.0, buzz=7,
        comments=[
            C("chengdu_mala", "还可以 from a Chengdu person is basically five stars 😂 下次挑战特辣！",
              (C("taco_dan", "@chengdu_mala 特辣 would send me to the hospital. Let me level up first."),)),
            C("chengdu_tom", "Ordering 中辣 on your first try is braver than I was."),
        ],
    ),
    note(
        "kc_pitmaster", "14 hours, one brisket, zero sleep",
        "Post oak, 250°F, wrapped in butcher paper at the stall. Rested two hours in a cooler with towels.\n"
        "The bark on this one is the best I've done all year. Slicing video in the next post.\n\n#bbq #brisket #kansascity",
        Img("BRISKET", "ember", "4:3", "flame"), Img("14 HRS", "night", "1:1", "flame"),
        location="Kansas City, Missouri", days=3.8, buzz=8,
        comments=[
            C("michigan_hao", "14 小时！这个耐心比我写论文还久",
              (C("kc_pitmaster", "@michigan_hao Ha! Brisket and a thesis both need patience. 加油 on the thesis."),)),
            C("chengdu_mala", "这个烟熏的颜色太美了，成都人也想学！"),
        ],
    ),
    note(
        "kc_pitmaster", "Trying Sichuan pepper on burnt ends (thanks to a friend in Chengdu)",
        "@chengdu_mala sprinkled cumin and chili on my sauce so I returned the favour: Sichuan peppercorn in the rub.\n"
        "The numbing tingle with the sweet sauce is WILD. My kids hated it. I loved it.\n\n#bbq #中美网友 #花椒",
        Img("麻", "chili", "1:1", "flame"),
        location="Kansas City, Missouri", days=0.9, buzz=9,
        comments=[
            C("chengdu_mala", "花椒 + BBQ！This is the cultural exchange I signed up for 🔥"),
            C("la_marco", "I need this in a sandwich immediately"),
            C("bridge_lily", "麻 = the tingly numbing feeling, for anyone confused. 麻辣 = numbing + spicy."),
        ],
    ),
    note(
        "la_marco", "SGV food crawl: 5 stops, one afternoon",
        "1. Hand-pulled noodles (watch them slap the dough)\n2. Xiao long bao — solid, not Shanghai-level but close\n"
        "3. Sichuan fish in chili oil, sweating\n4. Bubble tea to recover\n5. Egg tarts for the road\n\n"
        "San Gabriel Valley is the best Chinese food in the US and I will not be taking questions.\n\n#food #losangeles #小笼包",
        Img("SGV", "sunset", "3:4", "bowl"), Img("NOODLES", "sand", "1:1", "bowl"),
        location="San Gabriel, California", days=7.0, buzz=7,
        comments=[
            C("xiaolongbao_lin", "Not Shanghai-level 😤 (but I agree, I want to try)",
              (C("la_marco", "@xiaolongbao_lin I'll need to come to Shanghai to compare properly. For science."),)),
            C("xian_mianshi", "拉面那家是兰州的还是西安的？看起来像 biangbiang 面！"),
        ],
    ),
    note(
        "la_marco", "Birria tacos, consommé on the side",
        "Dip, bite, repeat. The consommé is basically a beef broth that took 6 hours and it shows.\n"
        "Chinese friends: this is the Mexican version of dipping your food in soup, you'll get it immediately.\n\n#tacos #birria #food",
        Img("BIRRIA", "ember", "4:3", "bowl"),
        location="Los Angeles", days=21.5, buzz=5,
        comments=[C("shenzhen_wu", "像广东人吃粥底火锅的感觉！看起来很香")],
    ),
    note(
        "nyc_sam", "Flushing dumpling crawl, $20 budget",
        "Pork and chive, 8 for $4. Boiled lamb dumplings. Pan-fried pork buns with crispy bottoms. Scallion pancake to finish.\n"
        "Spent $17.50 and couldn't move. Best value in the city.\n\n#dumplings #nyc #饺子",
        Img("FLUSHING", "dumpling", "3:4", "bowl"),
        location="Flushing, Queens", days=11.0, buzz=7,
        comments=[
            C("dumpling_auntie", "下次来我们店，韭菜鸡蛋的送你尝尝 😊",
              (C("nyc_sam", "@dumpling_auntie Auntie Mei I'm coming Saturday!"),)),
            C("emma_dumplings", "$17.50 for all that?? Chicago prices are crying."),
        ],
    ),
    note(
        "michigan_hao", "American food that surprised me (in a good way)",
        "1. Detroit-style pizza: the crispy cheese edge!!\n2. Mac and cheese from a real BBQ place, not the box\n3. Apple cider donuts in October\n"
        "中国朋友们，美国不是只有汉堡！\n\n#food #留学生活 #中美网友",
        Img("PIZZA", "sunset", "1:1", "bowl"),
        location="Ann Arbor, Michigan", days=13.0, buzz=6,
        comments=[
            C("ohio_megan", "Cider donuts in October is a sacred Midwest tradition, welcome 🍩"),
            C("kaoyan_ana", "苹果酒甜甜圈听起来好好吃"),
        ],
    ),
    note(
        "chengdu_tom", "Five years in Chengdu and I still can't handle 特辣",
        "Neighbours: 'Tom you're basically a Chengdu person now!'\nAlso neighbours: watch me cry over a bowl of 冒菜.\n"
        "Progress: I now carry 豆奶 like a fire extinguisher.\n\n#成都 #火锅 #expatlife",
        Img("特辣", "chili", "3:4", "flame"),
        location="成都", days=5.2, buzz=8,
        comments=[
            C("chengdu_mala", "豆奶党欢迎你 🥛 你已经是半个成都人了",
              (C("chengdu_tom", "@chengdu_mala 半个就够了，另外一半需要活下去 😂"),)),
            C("taco_dan", "豆奶 as a fire extinguisher — writing that down for my trip."),
        ],
    ),
    note(
        "chengdu_tom", "Teaching English in Chengdu: the word my students love most",
        "It's 'awkward'. They say it about everything. Rain? Awkward. Homework? Awkward. Forgot their pencil? So awkward.\n"
        "In return they taught me 尴尬, which is the same word with even more feeling.\n\n#english #languageexchange #成都",
        Img("尴尬", "lavender", "1:1", "speech"),
        location="成都", days=15.0, buzz=6,
        comments=[C("study_with_yu", "尴尬 is the most used word in Chinese internet, 哈哈，学生们很可爱")],
    ),
    note(
        "chengdu_tom", "Panda base at 7:30am — worth the alarm",
        "Go early. The pandas are awake and eating before the heat makes them nap. By 10 they're just fluffy rocks.\n"
        "Saw a cub fall off a log and climb back up like nothing happened. Legend.\n\n#成都 #panda #travel",
        Img("PANDA", "forest", "4:3", "leaf"),
        location="成都大熊猫繁育研究基地", days=24.0, buzz=7,
        comments=[
            C("grandma_linda", "A fluffy rock! That made me laugh."),
            C("parks_priya", "Going early for wildlife is the universal rule and pandas are no exception."),
        ],
    ),
    # --- Travel ----------------------------------------------------------------------------
    note(
        "parks_priya", "Zion: Angels Landing permit finally came through",
        "Four lottery attempts. The chains section is exactly as scary as people say and exactly as worth it.\n"
        "Went at sunrise, back down by 10. Bring gloves for the chains.\n\n#nationalparks #zion #hiking",
        Img("ZION", "sunset", "3:4", "mountains"), Img("ANGELS", "sand", "3:4", "mountains"),
        location="Zion National Park, Utah", days=9.8, buzz=8,
        comments=[
            C("dali_wind", "这个岩石的颜色太美了，想去！",
              (C("parks_priya", "@dali_wind Come in October, the canyon colors are unreal. Your Dali photos are on my list too."),)),
            C("shenzhen_wu", "比梧桐山的台阶还可怕😱"),
        ],
    ),
    note(
        "parks_priya", "National park #29: Olympic",
        "Rainforest, mountains, and a beach with sea stacks, all in one park. I hiked the Hoh Rain Forest in a drizzle and it felt like walking inside a sponge.\n"
        "Moss on everything. Ten out of ten.\n\n#nationalparks #hiking #washington",
        Img("OLYMPIC", "forest", "4:3", "mountains"),
        location="Olympic National Park, Washington", days=22.5, buzz=6,
        comments=[C("seattle_kai", "Hoh in the drizzle is the correct way to experience it. Welcome to my backyard!")],
    ),
    note(
        "parks_priya", "How I plan a park trip on a budget",
        "- America the Beautiful pass ($80/year) pays for itself in 3 parks\n- Camp inside the park, book 6 months out\n"
        "- Shoulder season: fewer people, cheaper lodging\n- Pack lunch. Park food is sad and costs $18\n\n#nationalparks #travel #budgettravel",
        Img("$80", "mint", "1:1", "sun"),
        days=2.6, buzz=5,
    ),
    note(
        "seattle_kai", "Rainier on a clear day is a religious experience",
        "Seattle gets maybe a handful of days a year where the mountain 'is out'. Today was one. The whole city stopped to look.\n\n#seattle #hiking #rainier",
        Img("RAINIER", "ice", "3:4", "mountains"),
        location="Seattle, Washington", days=4.0, buzz=6,
        comments=[
            C("dali_wind", "雪山和城市在一起，跟大理看苍山的感觉很像"),
            C("parks_priya", "The mountain is out! Best four words in Washington."),
        ],
    ),
    note(
        "seattle_kai", "Coffee shop ranking, rainy day edition",
        "Criteria: window seat, outlet, not too loud, oat milk that doesn't separate.\nWinner: a tiny place in Fremont with a cat that sleeps on the pastry case (don't tell the health inspector).\n\n#coffee #seattle",
        Img("COFFEE", "latte", "1:1", "cup"),
        location="Fremont, Seattle", days=16.5, buzz=4,
        comments=[C("xiaolongbao_lin", "A cat in the coffee shop! 我要去这家 ☕")],
    ),
    note(
        "nyc_sam", "Subway stories: the man with the erhu",
        "Every Tuesday on the 7 train, there's an older man playing the erhu between Main St and Queensboro Plaza.\n"
        "Today he played something slow and half the car put their phones away. New York is sometimes just beautiful.\n\n#nyc #subway #music",
        Img("二胡", "night", "4:3", "city"),
        location="7 train, Queens", days=6.2, buzz=8,
        comments=[
            C("bridge_lily", "That sounds like 二泉映月 if it was slow and sad. One of the most famous erhu pieces.",
              (C("nyc_sam", "@bridge_lily I'm going to listen to it tonight. Thank you!"),)),
            C("hutong_laozhang", "在纽约听到二胡，很感动。"),
        ],
    ),
    note(
        "nyc_sam", "Brooklyn Bridge at 6am vs 6pm",
        "6am: me, two joggers, one photographer, sunrise over Manhattan.\n6pm: me and forty thousand tourists and a guy selling water.\nGo at 6am.\n\n#nyc #travel #brooklyn",
        Img("BROOKLYN", "sunset", "4:3", "city"),
        location="Brooklyn Bridge", days=25.0, buzz=5,
        comments=[C("chongqing_8d", "洪崖洞也是这样，早上去才能拍到好照片")],
    ),
    note(
        "hsk_jordan", "Planning my first trip to China: Chengdu, Chongqing, or both?",
        "Two weeks in spring. I want food, pandas, and a chance to use my terrible Mandarin on real people.\n"
        "Current plan: 5 days Chengdu, 3 days Chongqing, then Dali by train? Tell me what I'm missing.\n\n#成都 #重庆 #大理 #travel",
        Img("成都 → 重庆", "chili", "4:3", "mountains"),
        days=1.4, buzz=7,
        comments=[
            C("chongqing_8d", "重庆三天够了！Must do: 李子坝 light rail, 洪崖洞 at night, 小面 breakfast.",
              (C("hsk_jordan", "@chongqing_8d Writing every single one of these down. 谢谢！"),)),
            C("dali_wind", "大理至少留三天，骑车环洱海。Spring is the best season here!"),
            C("chengdu_tom", "DM me when you're in Chengdu, I'll show you the real 苍蝇馆子 spots."),
        ],
    ),
    note(
        "emma_dumplings", "Chicago's Chinatown on a Sunday morning",
        "Dim sum queue wrapped around the block at 10am. Worth it for the turnip cake alone.\n"
        "Practised ordering in Mandarin; the waitress replied in Cantonese, I panicked, we settled on pointing.\n\n#chicago #dimsum #学中文",
        Img("点心", "dumpling", "4:3", "bowl"),
        location="Chinatown, Chicago", days=3.3, buzz=6,
        comments=[
            C("bridge_lily", "Mandarin → Cantonese reply is a rite of passage 😂 pointing is a universal language"),
            C("dumpling_auntie", "萝卜糕是我的最爱！"),
        ],
    ),
    # --- Fashion ---------------------------------------------------------------------------
    note(
        "thrift_olivia", "Thrift flip: men's blazer → cropped jacket",
        "$7 at the bins. Took in the sides, cropped it at the waist, added new buttons.\nTotal cost: $12 and a Saturday.\n\n#thrifting #ootd #sustainablefashion",
        Img("FLIP", "latte", "3:4", "hanger"), Img("$12", "cream", "3:4", "hanger"),
        location="Portland, Oregon", days=5.0, buzz=7,
        comments=[
            C("ootd_qiqi", "好厉害！这个改造太好看了，请问腰线是怎么收的？",
              (C("thrift_olivia", "@ootd_qiqi Pinned it inside out while wearing it, then sewed along the pins! 很简单"),)),
            C("xiaolongbao_lin", "$7 blazer 😍 我也想去 thrift store"),
        ],
    ),
    note(
        "thrift_olivia", "Capsule wardrobe: 30 pieces for fall",
        "Neutrals plus one accent colour (rust this year). Every top goes with every bottom.\n"
        "Borrowed @ootd_qiqi's three-colour rule and it changed my life.\n\n#capsulewardrobe #ootd #穿搭",
        Img("30", "sand", "1:1", "hanger"),
        location="Portland, Oregon", days=10.2, buzz=6,
        comments=[C("ootd_qiqi", "Rust color 好温柔！Looks so good with the oat coat.")],
    ),
    note(
        "thrift_olivia", "Followers only: my favourite secret thrift store",
        "Not posting the name publicly because it's tiny and I don't want it to get picked clean. Hints inside for you lot.\n\n#thrifting",
        Img("SECRET", "berry", "1:1", "hanger"),
        location="Portland, Oregon", followers_only=True, days=0.7, buzz=2,
    ),
    note(
        "bridge_lily", "Dressing for San Francisco: a survival guide",
        "Layers. Always layers. It will be 75°F in the Mission and 55°F in the Richmond at the same time.\n"
        "My formula: tee + light knit + a jacket that folds into a tote.\n\n#ootd #sanfrancisco #穿搭",
        Img("LAYERS", "ice", "3:4", "hanger"),
        location="San Francisco", days=17.0, buzz=4,
    ),
    # --- Study -----------------------------------------------------------------------------
    note(
        "emma_dumplings", "Measure words are going to end me",
        "一本书, 一张纸, 一条鱼, 一只猫, 一头牛... my teacher says 个 is the emergency fallback.\n"
        "So now everything is 一个 and I'm at peace.\n\n#学中文 #hsk #languageexchange",
        Img("个", "peach", "1:1", "book"),
        location="Chicago", days=7.8, buzz=6,
        comments=[
            C("teacher_wang", "个 can save you 90% of the time. 条 is for long things, 张 for flat things — that's a good start.",
              (C("emma_dumplings", "@teacher_wang long things and flat things! that actually makes sense now"),)),
        ],
    ),
    note(
        "la_marco", "Learning to read menus in Chinese so I stop missing the good stuff",
        "Restaurants in SGV sometimes have a Chinese-only wall menu with the best dishes. So I'm learning food characters first:\n"
        "辣 (spicy), 鱼 (fish), 牛 (beef), 面 (noodles), 饺 (dumpling). Already ordered a 水煮鱼 I'd never seen on the English menu.\n\n#学中文 #food",
        Img("菜单", "chili", "3:4", "book"),
        location="Alhambra, California", days=14.0, buzz=8,
        comments=[
            C("chengdu_mala", "这个学习方法太聪明了！Next: 麻 (numbing) and 香 (fragrant)",
              (C("la_marco", "@chengdu_mala 麻 and 香 added. My stomach thanks you."),)),
            C("teacher_wang", "用吃来学中文，动力最大 😄"),
        ],
    ),
    note(
        "catmom_jess", "Study break with a cat on my textbook",
        "Bean chose the exact page I needed. Pinyin under a black cat is impossible to read.\nI'm taking it as a sign to rest.\n\n#学中文 #cattax",
        Img("BEAN", "ink", "4:3", "cat"),
        days=0.2, buzz=5,
    ),
    note(
        "hsk_jordan", "Mixed post: 我的第一段中文日记",
        "今天我去了超市。我想买苹果，但是我说了“卖”。阿姨笑了。我也笑了。\n"
        "(Today I went to the supermarket. I wanted to buy apples but I said 'sell'. The auntie laughed. I laughed too.)\n"
        "Corrections welcome!\n\n#学中文 #中文 #hsk",
        Img("日记", "lavender", "3:4", "book"),
        days=11.8, buzz=7,
        comments=[
            C("study_with_yu", "写得很好！只有一个小建议：“但是我说成了‘卖’” sounds more natural.",
              (C("hsk_jordan", "@study_with_yu 说成了 — noted! 谢谢老师 🙏"),)),
            C("xiaolongbao_lin", "阿姨笑了，我也笑了 — 好可爱的日记"),
        ],
    ),
    note(
        "ohio_megan", "Mixed post: 俄亥俄的秋天 / Ohio autumn",
        "今天天气很好，我去公园散步。树叶是红色和黄色的。我的中文老师说我应该每天写一点，所以我写了。\n"
        "(The weather was great today and I walked in the park. Writing a little every day like my teacher says.)\n\n#学中文 #hellofromohio",
        Img("秋天", "sunset", "3:4", "leaf"),
        location="Columbus, Ohio", days=12.3, buzz=6,
        comments=[
            C("teacher_wang", "写得很好，没有错误！Perfect, Megan 👏"),
            C("hutong_laozhang", "北京的秋天也是这样，很美"),
        ],
    ),
    note(
        "grandma_linda", "At 71 I'm learning to say 'hello' in Mandarin",
        "你好 (nǐ hǎo). My granddaughter says my tones are 'fine, Grandma' which I believe is a lie, but a kind one.\n"
        "Mr. Zhang in Beijing is learning English at 68. We've agreed to practise together.\n\n#学中文 #languageexchange",
        Img("你好", "peach", "1:1", "speech"),
        location="Sarasota, Florida", days=2.0, buzz=9,
        comments=[
            C("hutong_laozhang", "Linda 你好！Your tones are very good. 我们一起加油！",
              (C("grandma_linda", "@hutong_laozhang 加油! I looked it up, it means 'add oil'. Like the car?"),
               C("bridge_lily", "@grandma_linda Exactly like the car! Keep going, full tank 🚗"))),
            C("ohio_megan", "This is the most wholesome thing on the internet"),
        ],
    ),
    note(
        "seattle_kai", "Trying to learn Mandarin with a coffee habit",
        "咖啡 (kāfēi) was free. 拿铁 (nátiě) also free. Then I hit 燕麦奶 (oat milk) and had to actually study.\n\n#学中文 #coffee",
        Img("咖啡", "latte", "3:4", "cup"),
        location="Seattle", days=19.5, buzz=4,
        comments=[C("xiaolongbao_lin", "燕麦拿铁 = oat latte! I learned the English version, you learned the Chinese, 完美交换")],
    ),
    note(
        "kc_pitmaster", "The BBQ vocabulary exchange",
        "Chinese friends asked what 'bark', 'smoke ring' and 'burnt ends' mean. In return I learned 烧烤 (BBQ), 烟熏 (smoked), 焦 (charred).\n"
        "Turns out 焦 is exactly the word for what makes burnt ends great.\n\n#bbq #languageexchange #中美网友",
        Img("烧烤", "ember", "4:3", "flame"),
        location="Kansas City, Missouri", days=20.0, buzz=5,
    ),
    note(
        "taco_dan", "Chinese people asked me what 'Tex-Mex' is and I wrote an essay",
        "Short version: it's Mexican food that moved to Texas and got extra cheese. Queso is a lifestyle.\n"
        "Long version is in the comments, apparently. 德州墨西哥菜！\n\n#food #tacos #中美网友",
        Img("TEX-MEX", "sand", "1:1", "bowl"),
        location="Austin, Texas", days=23.0, buzz=5,
        comments=[
            C("xian_mianshi", "就像西安的面到了别的城市，也会变成当地的味道"),
            C("michigan_hao", "芝士太多了😂 但是看起来很好吃"),
        ],
    ),
    note(
        "nyc_sam", "Followers only: photo walk this Saturday",
        "Doing a slow photo walk through Chinatown and the Lower East Side. Meeting at 9am. Details for followers.\n\n#nyc #photography",
        Img("WALK", "ink", "4:3", "city"),
        location="Manhattan", followers_only=True, days=0.6, buzz=2,
    ),
    note(
        "parks_priya", "Chinese friends: which national park should I see first in China?",
        "Zhangjiajie? Jiuzhaigou? Huangshan? My Qiao friends keep recommending different ones and I love that.\n\n#travel #nationalparks #中美网友",
        Img("?", "forest", "1:1", "mountains"),
        days=6.8, buzz=6,
        comments=[
            C("dali_wind", "九寨沟秋天最美，水的颜色不真实。Jiuzhaigou in autumn!"),
            C("chongqing_8d", "张家界！It's the Avatar mountains 🏔️"),
            C("xihu_tea", "黄山看日出和云海，一辈子要去一次"),
        ],
    ),
    note(
        "michigan_hao", "Mixed: 留学生的周末 / grad student weekend",
        "周六：实验室 → 超市 → 做饭 → 看球（学会了美式足球规则！）\nSunday: laundry, call mom, pretend to write thesis.\n\n#留学生活 #gradschool",
        Img("周末", "sky", "3:4", "book"),
        location="Ann Arbor, Michigan", days=4.5, buzz=4,
    ),
    note(
        "study_with_yu", "Mixed post: 中英互助学习小组招人",
        "每周三晚上 8 点（北京时间），线上一小时：前半小时说中文，后半小时说英语。\n"
        "Wednesdays 8pm Beijing / 7am Eastern: half Chinese, half English, all levels welcome.\n\n#languageexchange #学中文 #english",
        Img("交换", "mint", "4:3", "speech"),
        days=0.9, buzz=8,
        comments=[
            C("hsk_jordan", "I'm in! 7am is brutal but worth it."),
            C("catmom_jess", "Can I bring a cat? (joking) (unless?)",
              (C("study_with_yu", "@catmom_jess 猫欢迎参加，但要交猫税 😂"),)),
            C("emma_dumplings", "Count me in too!"),
        ],
    ),
    note(
        "taco_dan", "Texas vs Kansas City BBQ: a friendly war with @kc_pitmaster",
        "Texas: brisket, salt and pepper, let the smoke talk.\nKansas City: everything, sauced, burnt ends as a food group.\n"
        "We agreed on one thing: whoever puts ketchup on brisket is banned from both states.\n\n#bbq #texas #food",
        Img("TX vs KC", "ember", "4:3", "flame"),
        location="Austin, Texas", days=13.8, buzz=6,
        comments=[
            C("kc_pitmaster", "For the record, KC sauce is not ketchup. It's a lifestyle.",
              (C("taco_dan", "@kc_pitmaster a very sweet lifestyle 😂"),)),
            C("chengdu_mala", "成都人表示：两个都加辣椒面就对了"),
        ],
    ),
    note(
        "thrift_olivia", "What Chinese street style taught me about proportions",
        "Following @ootd_qiqi made me notice how often outfits there play with a short top and a long, wide bottom.\n"
        "Tried it with a cropped cardigan and wide-leg trousers from the bins. I feel taller and I'm 5'9\".\n\n#ootd #穿搭 #thrifting",
        Img("PROPORTION", "lavender", "3:4", "hanger"),
        location="Portland, Oregon", days=8.8, buzz=5,
        comments=[C("ootd_qiqi", "上短下长是小个子的法宝，但高个子穿也很好看！")],
    ),
    note(
        "seattle_kai", "Pike Place before the crowds",
        "7am: fish guys setting up, flowers coming in by the bucket, the first bakery trays out.\n"
        "By 11 it's shoulder to shoulder. Come early, buy a bouquet for $15, eat a pastry on the pier.\n\n#seattle #travel #food",
        Img("PIKE", "ocean", "1:1", "city"),
        location="Pike Place Market, Seattle", days=10.8, buzz=4,
    ),
]
