import type { CatalogueItem } from '../catalogue/catalogue-types';
import type { LoggedInteraction } from '../collab/interaction-log';
import { seededRandom, type Random } from '../random/seeded-random';

/**
 * A Chinese news catalogue and readers written by the project (no public Chinese click log ships
 * here): headlines in twelve categories, built from each category's topic words inside templates
 * and places every category shares (so words cross categories as in real headlines), and
 * simulated readers who mostly click within one or two favourite categories, with popularity
 * skewed inside each. A sanity check that Sift's Chinese path (CJK bigrams, Chinese tags,
 * co-engagement) follows readers as its English path does, not a quality claim.
 */
export const CHINESE_CATEGORIES: ReadonlyArray<{ readonly name: string; readonly words: readonly string[] }> = [
  { name: '美食', words: ['早餐', '包子', '豆浆', '油条', '火锅', '面条', '小吃', '甜品', '咖啡', '餐厅'] },
  { name: '财经', words: ['股市', '基金', '银行', '利率', '通胀', '债券', '汇率', '投资', '上市公司', '央行'] },
  { name: '科技', words: ['芯片', '手机', '人工智能', '机器人', '卫星', '软件', '电池', '算法', '互联网', '量子计算'] },
  { name: '体育', words: ['足球', '篮球', '马拉松', '游泳', '乒乓球', '网球', '羽毛球', '排球', '冠军', '联赛'] },
  { name: '旅游', words: ['景区', '古镇', '高铁', '酒店', '签证', '航班', '露营', '博物馆', '海岛', '自驾游'] },
  { name: '健康', words: ['睡眠', '健身', '疫苗', '医院', '营养', '血压', '中医', '体检', '心理', '减肥'] },
  { name: '教育', words: ['高考', '大学', '留学', '课程', '老师', '学生', '考研', '幼儿园', '奖学金', '图书馆'] },
  { name: '汽车', words: ['电动车', '充电桩', '油价', '新车', '驾照', '自动驾驶', '车展', '二手车', '轮胎', '续航'] },
  { name: '房产', words: ['房价', '楼盘', '租房', '房贷', '物业', '装修', '二手房', '学区房', '开发商', '公积金'] },
  { name: '娱乐', words: ['电影', '综艺', '明星', '演唱会', '电视剧', '票房', '导演', '音乐', '歌手', '话剧'] },
  { name: '游戏', words: ['电竞', '手游', '主机', '玩家', '战队', '新作', '直播', '角色', '关卡', '游戏展'] },
  { name: '环境', words: ['空气', '垃圾分类', '湿地', '候鸟', '降雨', '台风', '森林', '节能', '碳排放', '河流'] },
];

const PLACES = ['北京', '上海', '广州', '深圳', '成都', '杭州', '武汉', '西安', '南京', '重庆'];
const HEADLINES: ReadonlyArray<(place: string, a: string, b: string) => string> = [
  (p, a) => `${p}${a}迎来新变化`,
  (_, a, b) => `${a}和${b}：专家怎么看`,
  (p, a) => `${p}的${a}话题引发热议`,
  (_, a) => `今年${a}有哪些新趋势`,
  (_, a, b) => `${a}新政策出台，${b}受关注`,
  (p, a) => `记者探访${p}${a}`,
  (_, a, b) => `${a}背后的${b}故事`,
  (_, a, b) => `一文读懂${a}与${b}`,
];
const SUMMARIES: ReadonlyArray<(place: string, a: string, b: string) => string> = [
  (p, a, b) => `${p}消息：关于${a}和${b}的最新报道，记者带来详细解读。`,
  (p, a, b) => `${a}成为${p}市民关心的话题，${b}也有新进展。`,
  (_, a, b) => `从${a}到${b}，这篇文章带你了解最新情况。`,
];

const DAY_MS = 86_400_000;

export interface ChineseNewsOptions {
  readonly items: number;
  /** Publication dates spread over this many days before `end`. */
  readonly days: number;
  /** Epoch ms of the newest article. */
  readonly end: number;
  readonly site: string;
}

export const DEFAULT_CHINESE_NEWS: ChineseNewsOptions = { items: 1_200, days: 60, end: Date.UTC(2026, 10, 30), site: 'https://news.example.cn' };

/** The catalogue's items: category i's articles are `zh-<i>-<n>`, tagged with the category and the headline's topic word. */
export function chineseNewsItems(seed: number, options: ChineseNewsOptions = DEFAULT_CHINESE_NEWS): CatalogueItem[] {
  const random = seededRandom(seed);
  const items: CatalogueItem[] = [];
  for (let n = 0; n < options.items; n += 1) {
    const c = n % CHINESE_CATEGORIES.length;
    const category = CHINESE_CATEGORIES[c]!;
    const a = pick(category.words, random);
    const b = pick(category.words.filter((word) => word !== a), random);
    const place = pick(PLACES, random);
    const id = `zh-${c}-${Math.floor(n / CHINESE_CATEGORIES.length)}`;
    items.push({
      id,
      title: pick(HEADLINES, random)(place, a, b),
      summary: pick(SUMMARIES, random)(place, a, b),
      url: `${options.site}/${id}.html`,
      tags: [category.name, a],
      published_at: new Date(options.end - Math.floor(random() * options.days) * DAY_MS).toISOString(),
    });
  }
  return items;
}

export interface SimulatedReaders {
  readonly readers: number;
  /** A reader's clicks: at least `minClicks`, geometric beyond with this mean. */
  readonly minClicks: number;
  readonly extraClicks: number;
  /** The share of clicks inside the reader's favourite categories (the rest follow overall popularity). */
  readonly focus: number;
}

export const DEFAULT_SIMULATED_READERS: SimulatedReaders = { readers: 800, minClicks: 6, extraClicks: 10, focus: 0.8 };

/**
 * Click logs of simulated readers: one or two favourite categories each (chosen by a Zipf law
 * over the categories in a seeded order), items within a category by a Zipf law over a fixed popularity order,
 * one click per item, times increasing.
 */
export function simulatedReaderClicks(items: readonly CatalogueItem[], seed: number, options: SimulatedReaders = DEFAULT_SIMULATED_READERS): LoggedInteraction[] {
  const random = seededRandom(seed);
  const byCategory = CHINESE_CATEGORIES.map((category) => shuffled(items.filter((item) => item.tags[0] === category.name), random));
  const overall = shuffled([...items], random);
  // Which categories are most read is drawn too (a Zipf law over a shuffled order).
  const order = shuffled(CHINESE_CATEGORIES.map((_, c) => c), random);
  const weights = zipfWeights(CHINESE_CATEGORIES.length, 0.8);
  const categoryWeights = CHINESE_CATEGORIES.map((_, c) => weights[order.indexOf(c)]!);
  const log: LoggedInteraction[] = [];
  let at = Date.UTC(2026, 10, 1);
  for (let user = 1; user <= options.readers; user += 1) {
    const favourites = [sampleIndex(categoryWeights, random)];
    if (random() < 0.5) favourites.push(sampleIndex(categoryWeights, random));
    const clicks = options.minClicks + Math.floor(-Math.log(Math.max(random(), 1e-12)) * options.extraClicks);
    const read = new Set<string>();
    for (let k = 0; k < clicks * 3 && read.size < clicks; k += 1) {
      const pool = random() < options.focus ? byCategory[favourites[Math.floor(random() * favourites.length)]!]! : overall;
      const item = pool[sampleZipf(pool.length, 1.0, random)]!;
      if (read.has(item.id)) continue;
      read.add(item.id);
      at += 1_000 + Math.floor(random() * 60_000);
      log.push({ user, item: item.id, polarity: 1, at });
    }
  }
  return log;
}

function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)]!;
}

function shuffled<T>(list: T[], random: Random): T[] {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function zipfWeights(n: number, exponent: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / (i + 1) ** exponent);
}

function sampleIndex(weights: readonly number[], random: Random): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i += 1) {
    r -= weights[i]!;
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

/** A rank in [0, n) with P(rank) ∝ 1/(rank+1)^s, by inverting the continuous approximation. */
function sampleZipf(n: number, exponent: number, random: Random): number {
  if (exponent === 1) return Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);
  return Math.min(n - 1, Math.floor((random() * ((n + 1) ** (1 - exponent) - 1) + 1) ** (1 / (1 - exponent))) - 1);
}
