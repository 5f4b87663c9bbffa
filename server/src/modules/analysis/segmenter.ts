/**
 * Chinese segmentation for the analysis (jieba, through @node-rs/jieba's prebuilt binaries) with a domain
 * dictionary: the names of the organisation's units and their short forms, so that "A2区", "岳麓区",
 * "住建局" come out as one word and are known as places or organisations.
 *
 * `terms` gives the salient terms of a message: words of two or more characters that are not stop words,
 * unit names (PLACE/ORG) and names of places and things built from a generic suffix and the name-like
 * words before it (丽发 + 新城 → 丽发新城, 魅力之城 + 小区): ENTITY. Title words count double.
 * `bigramBuckets` gives hashed character bigrams for the category model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { LEADING_PARTICLES, STOP_WORDS } from './stopwords';

export enum TermKind {
  WORD = 0,
  /** A region of the unit tree (湖南省, 岳麓区, A2区) or its short name. */
  PLACE = 1,
  /** A named place or thing: residential compound, road, school, company … (丽发新城, 劳动东路). */
  ENTITY = 2,
  /** A department or other unit of the tree, or its short name (住建局). */
  ORG = 3,
}

export interface Term {
  kind: TermKind;
  /** Term frequency, title occurrences counting double. */
  tf: number;
}

/** Generic heads of names: a name-like word before one of these names a place or a thing. */
const NAME_HEADS = new Set(
  (
    '小区 新城 花园 公寓 家园 苑 广场 大厦 公司 集团 学校 学院 大学 小学 中学 幼儿园 医院 卫生院 市场 公园 村 社区 街道 镇 乡 路 大道 街 ' +
    '大桥 桥 站 厂 车站 工地 项目 楼盘 中心 酒店 商场 超市 城 湾 府 庭 园 山庄 名苑 雅苑 大院 新村 组 片区 工业园 产业园 加油站 菜市场 农贸市场'
  ).split(' '),
);
/** Part-of-speech tags of words that can be part of a name. */
const NAME_TAGS = new Set(['n', 'nr', 'ns', 'nt', 'nz', 'x', 'eng', 'j', 'nrt', 'nrfg', 'ng', 'l']);
const HAN = /[\u4e00-\u9fff]/;
/**
 * Tags jieba gives single characters of names it does not know (月 m, 明 a, 清 t in 月溪家园, 明山家园, 清湖家园):
 * such a character is part of a name when a name-like word follows it (明 + 山 + 家园), never alone before the
 * generic word (新 + 小区 is no name), and never when it is a numeral (一 + 个小区).
 */
const WEAK_NAME_TAGS = new Set(['a', 't', 'm', 'b', 'ag', 'tg']);
const NUMERAL = /[〇零一二三四五六七八九十百千万亿两几半整]/;
const MAX_TERM = 24;
/** Characters of a message's content that are segmented (the rest rarely changes what it is about). */
export const CONTENT_CHARS = 2000;
/** Buckets of the hashed character bigrams (2^18). */
export const BUCKETS = 1 << 18;

export interface DictionaryEntry {
  name: string;
  kind: TermKind.PLACE | TermKind.ORG;
}

/**
 * jieba's main dictionary, read for the one moment jieba builds its own structures from it. The package's
 * `@node-rs/jieba/dict` module would keep that file (5 MB) and its IDF table (6 MB, unused here) in memory for the
 * life of the process: about 11 MB of a server whose memory is budgeted (docs/limits.md).
 */
function jiebaWithItsDictionary(): Jieba {
  const file = path.join(path.dirname(require.resolve('@node-rs/jieba/dict')), 'dict.txt');
  return Jieba.withDict(fs.readFileSync(file));
}

export class Segmenter {
  private readonly jieba = jiebaWithItsDictionary();
  private readonly known = new Map<string, TermKind>();

  /** Adds unit names and short names to the dictionary (words already known keep their kind). */
  addToDictionary(entries: DictionaryEntry[]): void {
    const fresh = entries
      .map((e) => ({ ...e, name: normalise(e.name).replace(/\s+/g, '') }))
      .filter((e) => e.name.length >= 2 && e.name.length <= MAX_TERM && !this.known.has(e.name));
    if (!fresh.length) return;
    for (const e of fresh) this.known.set(e.name, e.kind);
    this.jieba.loadDict(Buffer.from(fresh.map((e) => `${e.name} 2000000 ${e.kind === TermKind.PLACE ? 'ns' : 'nt'}`).join('\n')));
  }

  kindOf(word: string): TermKind | undefined {
    return this.known.get(word);
  }

  /** Words of a text, as jieba cuts them (with the domain dictionary). */
  words(text: string): string[] {
    return this.jieba.cut(normalise(text), true);
  }

  /** The salient terms of a message, with their kind and frequency. */
  terms(title: string, content: string): Map<string, Term> {
    const out = new Map<string, Term>();
    const add = (term: string, kind: TermKind, w: number) => {
      if (term.length > MAX_TERM) return;
      const t = out.get(term);
      if (t) {
        t.tf += w;
        if (kind > t.kind) t.kind = kind;
      } else out.set(term, { kind, tf: w });
    };
    const scan = (text: string, w: number) => {
      const name: string[] = [];
      /** Whether the last word of `name` is a weak single character (see WEAK_NAME_TAGS). */
      let lastWeak = false;
      let afterHead = false;
      for (const { word, tag } of this.jieba.tag(normalise(text), true)) {
        let t = word.trim();
        if (!t || !HAN.test(t)) {
          name.length = 0;
          afterHead = false;
          if (/^[A-Za-z][A-Za-z0-9]{2,}$/.test(t)) add(t.toUpperCase(), TermKind.WORD, w); // e.g. P2P, ETC
          continue;
        }
        if (tag === 'x' && t.length > 2) t = t.replace(LEADING_PARTICLES, '') || t;
        const known = this.known.get(t);
        if (known !== undefined) {
          add(t, known, w);
          name.length = 0;
          afterHead = false;
          continue;
        }
        if (NAME_HEADS.has(t) && name.length && !lastWeak && !afterHead) {
          let n = t;
          for (let i = name.length - 1; i >= 0 && n.length + name[i].length <= 10; i--) n = name[i] + n;
          if (n.length >= 3) add(n, TermKind.ENTITY, w * 1.5);
          name.length = 0;
          afterHead = true;
        } else {
          afterHead = false;
          const weak = !NAME_TAGS.has(tag) && WEAK_NAME_TAGS.has(tag) && t.length === 1 && !NUMERAL.test(t);
          if ((NAME_TAGS.has(tag) || weak) && !STOP_WORDS.has(t) && !NAME_HEADS.has(t)) {
            name.push(t);
            lastWeak = weak;
            if (name.length > 3) name.shift();
          } else name.length = 0;
        }
        if (t.length >= 2 && !STOP_WORDS.has(t) && !/^[0-9]/.test(t)) add(t, TermKind.WORD, w);
      }
    };
    scan(title, 2);
    scan(content.slice(0, CONTENT_CHARS), 1);
    return out;
  }

  /**
   * Search terms of a text (the knowledge base's index and queries): jieba's search mode, which gives a compound
   * word and the words inside it (住房公积金 → 住房, 公积金, 住房公积金), so a query finds a text whichever way
   * either is cut; words of two or more characters that are not stop words, and Latin words of three letters or
   * more (ETC), with their counts.
   */
  searchTerms(text: string, weight = 1): Map<string, number> {
    const out = new Map<string, number>();
    for (const raw of this.jieba.cutForSearch(normalise(text), true)) {
      const w = raw.trim();
      let term: string | null = null;
      if (HAN.test(w)) {
        if (w.length >= 2 && w.length <= MAX_TERM && !STOP_WORDS.has(w) && !/^[0-9]/.test(w)) term = w;
      } else if (/^[A-Za-z][A-Za-z0-9]{2,}$/.test(w)) term = w.toUpperCase();
      if (term) out.set(term, (out.get(term) ?? 0) + weight);
    }
    return out;
  }

  /** Hashed character bigrams of the Chinese text (title twice), with their counts: the category model's features. */
  bigramBuckets(title: string, content: string, contentChars = 1500): Map<number, number> {
    const out = new Map<number, number>();
    const scan = (text: string, w: number) => {
      const cs = [...normalise(text).replace(/[^\u4e00-\u9fff]/g, '')];
      for (let i = 0; i < cs.length - 1; i++) {
        const b = fnv1a(cs[i] + cs[i + 1]) % BUCKETS;
        out.set(b, (out.get(b) ?? 0) + w);
      }
    };
    scan(title, 2);
    scan(content.slice(0, contentChars), 1);
    return out;
  }
}

/** Full-width letters, digits and punctuation to their ASCII forms (ＡＢ１２ → AB12); Chinese unchanged. */
export function normalise(text: string): string {
  return text.normalize('NFKC');
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
