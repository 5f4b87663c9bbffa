/**
 * The segmenter's names of places and things (ENTITY): a compound's name is one term whatever jieba tags its
 * characters as (月 in 月溪家园 comes out as a numeral), while a count before a generic word is no name.
 */
import { Segmenter, TermKind } from '../src/modules/analysis/segmenter';

const seg = new Segmenter();
const entities = (title: string, content = '') => [...seg.terms(title, content)].filter(([, t]) => t.kind === TermKind.ENTITY).map(([term]) => term);

test('a residential compound named by any two name-like characters is one entity', () => {
  const missed: string[] = [];
  for (const a of '翠竹青松明月清泉') {
    for (const b of '溪园湖山') {
      const place = `${a}${b}家园`;
      if (!entities(`${place}旁搅拌站噪音扰民`, `岳麓区${place}小区旁边新建了一个混凝土搅拌站`).includes(place)) missed.push(place);
    }
  }
  expect(missed).toEqual([]);
});

test('numbers or a lone adjective before a generic word make no name', () => {
  expect(entities('一个小区的路灯坏了', '三个小区门口的两条路没有路灯，这是个新小区')).toEqual([]);
});
