// Korean and Japanese readings of Chinese characters (Hanja / Kanji) common in personal names.
//
// Why: a name written in Chinese characters is read differently in each language. 金正恩 is
// "Jin Zhengen" in Mandarin pinyin but "Kim Jong Un" in Korean; 山田太郎 is "Shan Tian Tai Lang"
// in pinyin but "Yamada Taro" in Japanese. The transliterator gives pinyin only; this table adds
// the Korean and Japanese readings so that a name in characters can meet its Latin spelling.
//
// Basis (compiled by hand for this project, no external file is read at run time):
// - Korean: the standard Sino-Korean reading of each character (the 음 of the Hanja dictionary),
//   spelled in Revised Romanization (2000, South Korea), in McCune–Reischauer without diacritics
//   (North Korea's official spelling, hence "Jong Un", "Chol") and in the conventional passport
//   spellings of names (Kim, Lee, Park, Jung, Young, Sung, Chul). Only characters frequent in
//   surnames and given names are listed (the commonest ~60 surnames cover over 90 % of Koreans).
// - Japanese: Hepburn romanisation of the on'yomi and of the kun'yomi / nanori (name readings)
//   used in the commonest surnames and given names. Long vowels are written with a macron here
//   (ō, ū); the loader expands each into the spellings in use: plain (Taro), wāpuro (Tarou),
//   passport (Taroh) and doubled (Taroo). Voiced forms of a non-initial character (rendaku:
//   Yama + ta → Yamada, Ko + hayashi → Kobayashi) are derived by the matcher, not listed.
// Simplified and Japanese shinjitai forms of a character share its line ("国/國").
//
// Each line: characters / variants, then Korean readings, "|", Japanese readings.
// The table is deliberately small (name characters only): a character missing here still
// matches by its pinyin reading, as before.

const TABLE = `
金 kim gim keum geum | kin kon kane
李 lee yi i rhee ri rhie | ri
朴 park bak pak | boku
崔 choi choe chae | sai
鄭/郑 jung jeong chung chong | tei
姜 kang gang | kyō
趙/赵 cho jo | chō
尹 yoon yun | in
張/张 jang chang | chō
林 lim im rim | rin hayashi bayashi
韓/韩 han | kan
吳/吴/呉 oh o | go kure
申 shin sin | shin
權/权/権 kwon gwon | ken gon
黃/黄 hwang | kō ki
安 ahn an | an yasu a
宋 song | sō
柳 ryu yu yoo | ryū yanagi
洪 hong | kō
全 jeon chon jun | zen
高 ko go | kō taka
文 moon mun | bun mon fumi
孫/孙 son | son
梁 yang ryang | ryō
裵/裴 bae pae | hai
白 baek paek | haku shiro
許/许 heo ho hur | kyo
南 nam | nan minami
沈 shim sim | chin
盧/卢 noh ro no | ro
河 ha | ka kawa
丁 jung jeong chong | tei chō
成 sung seong song | sei naru nari
車/车 cha | sha kuruma
俞 yoo yu | yu
周 joo ju chu | shū
具 koo ku gu | gu
閔/闵 min | bin
池 ji chi | chi ike
玄 hyun hyeon hyon | gen
正 jong jeong jung chong | sei shō masa tada
恩 eun un | on
日 il | nichi hi
哲 chul cheol chol | tetsu
男 nam | dan nan o
英 young yeong yong | ei hide
永 young yeong yong | ei naga
龍/龙/竜 yong ryong | ryū tatsu
勇 yong | yū isamu
國/国 kook guk kuk | koku kuni
民 min | min tami
浩 ho | kō hiro
秀 soo su | shū hide
智 ji chi | chi tomo
志 ji chi | shi
星 sung seong song | sei shō hoshi
赫 hyuk hyeok hyok | kaku
光 kwang gwang | kō hikari mitsu
明 myung myeong myong | mei myō aki
載/载 jae chae | sai
在 jae chae | zai
寅 in | in tora
仁 in | jin nin hito
賢/贤 hyun hyeon hyon | ken masaru
鉉/铉 hyun hyeon hyon | gen
俊 jun joon chun | shun
熙 hee hui hi | ki
喜 hee hui hi | ki yoshi
惠/恵/慧 hye | kei e megumi
美 mi | bi mi yoshi
淑 sook suk | shuku
順/顺 soon sun | jun
京 kyung kyeong gyeong kyong | kyō kei
敬 kyung kyeong gyeong kyong | kei
慶/庆 kyung kyeong gyeong kyong | kei
珍 jin chin | chin
鎭/鎮/镇 jin chin | chin
眞/真 jin chin | shin ma
東/东 dong tong | tō higashi azuma
漢/汉 han | kan
太 tae | tai ta futo
泰 tae | tai
宇 woo u | u
錫/锡 suk seok sok | shaku
石 suk seok sok | seki ishi
煥/焕 hwan | kan
植 sik shik | shoku
元 won | gen gan moto
源 won | gen minamoto
雄 woong ung | yū o
一 il | ichi itsu kazu
二 i | ni ji
三 sam | san mi zō
大 dae tae | dai tai ō
中 jung chung | chū naka
平 pyung pyeong pyong | hei byō hira taira
昌 chang | shō masa
興/兴 heung hung | kō
基 ki gi | ki moto
奎 kyu gyu | kei
圭 kyu gyu | kei
容 yong | yō
炳 byung byeong pyong | hei
鍾/鐘/钟 jong jeong chong | shō
淳 soon sun | jun
玉 ok | gyoku tama
善 sun seon son | zen yoshi
承 seung sung | shō
勝/胜 seung sung | shō katsu masaru
萬/万 man | man ban
允 yoon yun | in
潤/润 yoon yun | jun
銀/银 eun un | gin
雲/云 woon un | un kumo
勳/勲/勋 hoon hun | kun isao
憲/宪 heon hun hon | ken
根 geun keun kun | kon ne
千 cheon chun chon | sen chi
性 sung seong | sei shō
聖/圣 sung seong | sei shō
亨 hyung hyeong hyong | kō
範/范 bum beom pom | han
道 do | dō michi
斗 doo du tu | to
德/徳 duk deok tok | toku
敏 min | bin
守 soo su | shu mori
壽/寿 soo su | ju hisa
相 sang | sō ai
祥 sang | shō
宣 sun seon son | sen
瑞 seo so | zui mizu
珠 joo ju chu | shu
柱 joo ju chu | chū hashira
七 chil | shichi
海 hae | kai umi
山 san | san yama
田 jeon chon | den ta
村 chon | son mura
木 mok | boku moku ki
本 bon pon | hon moto
藤 deung | tō fuji
佐 jwa | sa
井 jeong | sei i
上 sang | jō ue kami
下 ha | ka shita shimo
野 ya | ya no
小 so | shō ko o
松 song | shō matsu
竹 juk | chiku take
島/岛/嶋 do | tō shima
岡/冈 gang | kō oka
原 won | gen hara
口 gu | kō kuchi
谷 gok | koku tani ya
西 seo | sei sai nishi
北 buk | hoku kita
橋/桥 gyo | kyō hashi
森 sam | shin mori
宮/宫 gung | kyū miya
崎 gi | ki saki
内 nae | nai uchi
清 cheong chong | sei kiyo
水 su | sui mizu
前 jeon | zen mae
後/后 hu | go ushiro
伊 i | i
加 ga | ka
久 gu | kyū hisa
保 bo | ho
長/长 jang | chō naga
福 bok | fuku
阿 a | a
部 bu | bu be
倍 bae | bai be
晋/晉 jin | shin
菅 gwan | kan suga
岸 an | gan kishi
吉 gil kil | kichi kitsu yoshi
鈴/铃 ryeong | rei rin suzu
渡 do | to wata watari
辺/邊/边 byeon | hen nabe be
斎/齋/斋 jae | sai
藤 deung | tō fuji
工 gong | kō ku
近 geun | kin chika
遠/远 won | en tō
沢/澤/泽 taek | taku sawa
川 cheon chon | sen kawa
郎 rang nang | rō
子 ja | shi ko
花 hwa | ka hana
愛/爱 ae | ai
和 hwa | wa kazu
春 chun | shun haru
夏 ha | ka natsu
秋 chu | shū aki
冬 dong | tō fuyu
雪 seol | setsu yuki
次 cha | ji tsugu
健 geon gun | ken
翔 sang | shō
拓 tak | taku
也 ya | ya
誠/诚 seong sung | sei makoto
博 bak | haku hiroshi
弘 hong | kō hiro
司 sa | shi tsukasa
介 gae | kai suke
輔/辅 bo | ho suke
助 jo | jo suke
之 ji | shi no yuki
夫 bu | fu o
彦 eon | gen hiko
樹/树 su | ju ki
直 jik | choku nao
信 sin shin | shin nobu
義/义 ui | gi yoshi
達/达 dal | tatsu
実/實/实 sil | jitsu mi minoru
早 jo | sō sa haya
苗 myo | byō nae
市 si | shi ichi
奈 na | na
由 yu | yū yu yoshi
里 ri | ri sato
香 hyang | kō ka kaori
恵 hye | kei e megumi
`;

export interface CjkReadings {
  /** Korean readings (Revised Romanization, McCune–Reischauer without diacritics, passport spellings). */
  ko: readonly string[];
  /** Japanese readings (Hepburn, long vowels in their usual spellings). */
  ja: readonly string[];
}

/** Long vowels: plain, wāpuro, passport and doubled spellings. */
function longVowelSpellings(reading: string): string[] {
  let forms = [''];
  for (const ch of reading) {
    const alts = ch === 'ō' ? ['o', 'ou', 'oh', 'oo'] : ch === 'ū' ? ['u', 'uu'] : [ch];
    forms = forms.flatMap((f) => alts.map((a) => f + a));
  }
  return forms;
}

function parseTable(text: string): Map<string, CjkReadings> {
  const map = new Map<string, CjkReadings>();
  for (const line of text.split('\n')) {
    const [head, ja = ''] = line.split('|');
    const [chars, ...ko] = (head ?? '').trim().split(/\s+/);
    if (!chars) continue;
    const readings: CjkReadings = {
      ko: [...new Set(ko)],
      ja: [...new Set(ja.trim().split(/\s+/).filter(Boolean).flatMap(longVowelSpellings))],
    };
    for (const ch of chars.split('/')) {
      const prev = map.get(ch);
      map.set(ch, prev ? { ko: [...new Set([...prev.ko, ...readings.ko])], ja: [...new Set([...prev.ja, ...readings.ja])] } : readings);
    }
  }
  return map;
}

/** Character → its Korean and Japanese name readings. */
export const CJK_READINGS: ReadonlyMap<string, CjkReadings> = parseTable(TABLE);
