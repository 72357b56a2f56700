import type { Reason } from '../core/explain/reasons';

export type WidgetLanguage = 'en' | 'zh';

export const WIDGET_LANGUAGES: readonly WidgetLanguage[] = ['en', 'zh'];

interface WidgetStrings {
  readonly heading: string;
  readonly loading: string;
  readonly unavailable: string;
  readonly empty: string;
  readonly notForMe: string;
  readonly privacy: string;
  /** Storage is blocked for the frame: what the reader does counts for this page only. */
  readonly memoryOnly: string;
  /** The full-size pictures control: turning them on / off, and what turning them on gives away. */
  readonly showPictures: string;
  readonly hidePictures: string;
  readonly picturesTradeOff: string;
  /** The profile bridge: bringing the app's export into this frame, and taking this one out. */
  readonly profile: {
    readonly open: string;
    readonly bring: string;
    readonly take: string;
    readonly passphrase: string;
    readonly again: string;
    readonly openFile: string;
    readonly importNow: string;
    readonly exportNow: string;
    readonly cancel: string;
    readonly wrong: string;
    readonly notAnExport: string;
    adds(events: number): string;
  };
  reason(reason: Reason): string;
}

const list = (labels: readonly string[], separator: string): string => labels.join(separator);

export const WIDGET_TEXT: Readonly<Record<WidgetLanguage, WidgetStrings>> = {
  en: {
    heading: 'Recommended for you',
    loading: 'Finding recommendations…',
    unavailable: 'Recommendations are unavailable right now.',
    empty: 'Nothing to recommend yet.',
    notForMe: 'Not for me',
    privacy: 'Picked in your browser. What you read stays on your device.',
    memoryOnly: 'This browser blocks storage for embedded content, so these picks are for this page only and are forgotten when you leave it.',
    showPictures: 'Show pictures',
    hidePictures: 'Hide pictures',
    picturesTradeOff: 'Pictures load from the sites that host them, and those sites can then see which items you are shown.',
    profile: {
      open: 'Your profile',
      bring: 'Bring your Sift profile (an export from the Sift app or another site)',
      take: 'Take this profile with you (sealed with a passphrase)',
      passphrase: 'Passphrase',
      again: 'Once more',
      openFile: 'Open',
      importNow: 'Add it here',
      exportNow: 'Export',
      cancel: 'Close',
      wrong: 'The passphrase is wrong, or the file was changed. Nothing was changed here.',
      notAnExport: 'This is not a Sift export. Nothing was changed here.',
      adds: (events) => `Adds ${events} event${events === 1 ? '' : 's'} to what this site's Sift knows.`,
    },
    reason(reason) {
      switch (reason.kind) {
        case 'matches-interests':
          return `Matches your interest in ${list(reason.labels, ', ')}`;
        case 'because-you-liked':
          return reason.via === 'neighbors' ? `Readers of ${reason.title} liked this` : `Because you read ${reason.title}`;
        case 'because-reading':
          return `Because you're reading ${reason.title}`;
        case 'readers-also-read':
          return `Readers of ${reason.title} also read this`;
        case 'related-to-session':
          return 'Related to what you just read';
        case 'exploring':
          return `Something different: ${reason.tag}`;
        case 'new':
          return `New (${reason.year})`;
        case 'popular':
          return 'Popular';
        case 'seen-before':
          return 'You have seen this before';
        case 'unlike-dislikes':
          return `Despite ${list(reason.labels, ', ')}`;
      }
    },
  },
  zh: {
    heading: '为你推荐',
    loading: '正在挑选推荐…',
    unavailable: '暂时无法提供推荐。',
    empty: '暂时没有可推荐的内容。',
    notForMe: '不感兴趣',
    privacy: '推荐在你的浏览器中生成，你的阅读记录只保存在你的设备上。',
    memoryOnly: '此浏览器禁止嵌入内容存储数据，因此这些推荐只针对本页面，离开后即被忘记。',
    showPictures: '显示图片',
    hidePictures: '隐藏图片',
    picturesTradeOff: '图片从存放它们的网站加载，这些网站因此能看到向你推荐了哪些内容。',
    profile: {
      open: '你的资料',
      bring: '导入你的 Sift 资料（来自 Sift 应用或其他网站的导出文件）',
      take: '带走这份资料（用密码短语加密）',
      passphrase: '密码短语',
      again: '再输入一次',
      openFile: '打开',
      importNow: '加入这里',
      exportNow: '导出',
      cancel: '关闭',
      wrong: '密码短语不对，或文件已被改动。这里没有任何改变。',
      notAnExport: '这不是 Sift 的导出文件。这里没有任何改变。',
      adds: (events) => `将向本网站的 Sift 加入 ${events} 条记录。`,
    },
    reason(reason) {
      switch (reason.kind) {
        case 'matches-interests':
          return `符合你对${list(reason.labels, '、')}的兴趣`;
        case 'because-you-liked':
          return reason.via === 'neighbors' ? `读过《${reason.title}》的人也喜欢` : `因为你读过《${reason.title}》`;
        case 'because-reading':
          return `因为你正在读《${reason.title}》`;
        case 'readers-also-read':
          return `读过《${reason.title}》的人也读了这篇`;
        case 'related-to-session':
          return '与你刚读过的内容相关';
        case 'exploring':
          return `换换口味：${reason.tag}`;
        case 'new':
          return `新内容（${reason.year}）`;
        case 'popular':
          return '热门';
        case 'seen-before':
          return '你看过这个';
        case 'unlike-dislikes':
          return `尽管你不喜欢${list(reason.labels, '、')}`;
      }
    },
  },
};

export function widgetLanguage(value: string | null): WidgetLanguage {
  const primary = (value ?? '').toLowerCase().split('-')[0];
  return primary === 'zh' ? 'zh' : 'en';
}

/**
 * The one reason a compact card shows: the most personal one ("because you read …" over
 * "popular"), in the ranking's order otherwise.
 */
export function headlineReason(reasons: readonly Reason[]): Reason | undefined {
  return reasons.find((reason) => reason.kind !== 'popular') ?? reasons[0];
}
