import type { ProfileDescription } from '../explain/describe-profile';
import type { Reason } from '../explain/reasons';

/**
 * Sift's writing without a language model: a "why you may like this" blurb per item, a digest
 * of the top picks and a summary of the profile, composed from the ranking's explanation
 * signals only (never a claim without a score behind it), in English and Chinese.
 */
export type WritingLanguage = 'en' | 'zh';

export interface BlurbInput {
  readonly title: string;
  readonly reasons: readonly Reason[];
}

const joinEn = (words: readonly string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);
const joinZh = (words: readonly string[]): string => words.join('、');

function sentenceEn(reason: Reason): string | null {
  switch (reason.kind) {
    case 'because-you-liked':
      return reason.via === 'neighbors' ? `People who liked ${reason.title}, as you did, liked this too.` : `It is close to ${reason.title}, which you liked.`;
    case 'because-reading':
      return `It goes with ${reason.title}, which you are reading.`;
    case 'readers-also-read':
      return `Readers of ${reason.title} went on to this one.`;
    case 'matches-interests':
      return `It is ${joinEn(reason.labels)}, which you keep coming back to.`;
    case 'related-to-session':
      return 'It follows on from what you were just looking at.';
    case 'exploring':
      return `A change of pace: Sift is checking whether ${reason.tag} is for you.`;
    case 'new':
      return `It is new (${reason.year}).`;
    case 'popular':
      return `Widely liked: ${reason.popularity.toLocaleString('en')} ratings.`;
    case 'seen-before':
    case 'unlike-dislikes':
      return null;
  }
}

function sentenceZh(reason: Reason): string | null {
  switch (reason.kind) {
    case 'because-you-liked':
      return reason.via === 'neighbors' ? `喜欢《${reason.title}》的人也喜欢它，而你也喜欢《${reason.title}》。` : `它和你喜欢的《${reason.title}》很接近。`;
    case 'because-reading':
      return `它和你正在读的《${reason.title}》相关。`;
    case 'readers-also-read':
      return `读过《${reason.title}》的人接着读了它。`;
    case 'matches-interests':
      return `它属于${joinZh(reason.labels)}，正是你常看的类型。`;
    case 'related-to-session':
      return '它和你刚才浏览的内容相关。';
    case 'exploring':
      return `换换口味：看看你是否喜欢${reason.tag}。`;
    case 'new':
      return `这是新作（${reason.year}）。`;
    case 'popular':
      return `广受好评：${reason.popularity.toLocaleString('en')} 个评分。`;
    case 'seen-before':
    case 'unlike-dislikes':
      return null;
  }
}

/** One or two sentences on why the item may suit the user; empty when the ranking gave no reason. */
export function templateBlurb(input: BlurbInput, language: WritingLanguage): string {
  const sentence = language === 'zh' ? sentenceZh : sentenceEn;
  return input.reasons
    .flatMap((reason) => sentence(reason) ?? [])
    .slice(0, 2)
    .join(language === 'zh' ? '' : ' ');
}

/** A short reason for a digest line ("because you liked Alien"), or null. */
function shortReason(reasons: readonly Reason[], language: WritingLanguage): string | null {
  for (const reason of reasons) {
    switch (reason.kind) {
      case 'because-you-liked':
        return language === 'zh' ? `因为你喜欢《${reason.title}》` : `because you liked ${reason.title}`;
      case 'matches-interests':
        return language === 'zh' ? `${joinZh(reason.labels)}` : `${joinEn(reason.labels)}`;
      case 'related-to-session':
        return language === 'zh' ? '接着你刚才看的' : 'following on from what you just looked at';
      case 'exploring':
        return language === 'zh' ? `尝试${reason.tag}` : `something different: ${reason.tag}`;
      default:
        continue;
    }
  }
  return null;
}

/** "This week for you": the top picks in one paragraph. */
export function templateDigest(picks: readonly BlurbInput[], language: WritingLanguage): string {
  const top = picks.slice(0, 5);
  if (top.length === 0) return '';
  if (language === 'zh') {
    const lines = top.map((pick) => {
      const why = shortReason(pick.reasons, 'zh');
      return why === null ? `《${pick.title}》` : `《${pick.title}》（${why}）`;
    });
    return `本周为你挑选：${lines.join('；')}。`;
  }
  const lines = top.map((pick) => {
    const why = shortReason(pick.reasons, 'en');
    return why === null ? pick.title : `${pick.title} (${why})`;
  });
  return `This week for you: ${joinEn(lines)}.`;
}

/** The profile in a sentence or three: the main interests, with shares, and what is avoided. */
export function templateProfileSummary(profile: ProfileDescription, language: WritingLanguage): string {
  const interests = profile.interests.filter((i) => i.tags.length > 0).slice(0, 3);
  if (interests.length === 0) {
    return language === 'zh' ? 'Sift 还不了解你的口味。喜欢、收藏或打开几项内容后，这里会有总结。' : 'Sift does not know your taste yet. Like, save or open a few things and a summary appears here.';
  }
  const percent = (share: number): string => `${Math.round(share * 100)}%`;
  const avoided = profile.avoided.slice(0, 3).map((t) => t.tag);
  if (language === 'zh') {
    const [first, ...rest] = interests;
    let text = `你最喜欢${joinZh(first!.tags.slice(0, 3).map((t) => t.tag))}（${percent(first!.share)}）`;
    if (rest.length > 0) text += `，也喜欢${rest.map((i) => `${joinZh(i.tags.slice(0, 2).map((t) => t.tag))}（${percent(i.share)}）`).join('和')}`;
    text += '。';
    if (avoided.length > 0) text += `你通常不选${joinZh(avoided)}。`;
    return text;
  }
  const [first, ...rest] = interests;
  let text = `You are mostly into ${joinEn(first!.tags.slice(0, 3).map((t) => t.tag))} (${percent(first!.share)})`;
  if (rest.length > 0) text += `, and also ${joinEn(rest.map((i) => `${joinEn(i.tags.slice(0, 2).map((t) => t.tag))} (${percent(i.share)})`))}`;
  text += '.';
  if (avoided.length > 0) text += ` You tend to pass on ${joinEn(avoided)}.`;
  return text;
}
