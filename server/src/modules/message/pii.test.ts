/** The masking of private data written into free text: one function, every spelling people use (table-driven). */
import { maskPiiInText } from './pii';

const CASES: Array<[string, string, string]> = [
  // [what, text, masked]
  ['mobile', '电话13912345670', '电话139****5670'],
  ['mobile, dashes', '电话139-1234-5670，谢谢', '电话139****5670，谢谢'],
  ['mobile, spaces', '请打 139 1234 5670 联系我', '请打 139****5670 联系我'],
  ['mobile, 3-4-4 with spaced dashes', '139 - 1234 - 5670', '139****5670'],
  ['mobile, +86', '手机+8613912345670', '手机139****5670'],
  ['mobile, +86 and a space', '手机 +86 139 1234 5670。', '手机 139****5670。'],
  ['mobile, +86-', '+86-139-1234-5670', '139****5670'],
  ['mobile, (+86)', '(+86)13912345670', '139****5670'],
  ['mobile, 0086', '0086 13912345670', '139****5670'],
  ['mobile, 0086 without a space', '号码008613912345670', '号码0086*******5670'],
  ['mobile, 86 and a space', '86 13912345670', '139****5670'],
  ['mobile, full-width digits', '电话１３９１２３４５６７０', '电话139****5670'],
  ['mobile, dots', '139.1234.5670', '139****5670'],
  ['two mobiles', '13912345670或15800001111', '139****5670或158****1111'],
  ['landline with area code', '座机0731-88886666', '座机073****6666'],
  ['landline in brackets', '(0731)88886666', '073****6666'],
  ['landline, full-width brackets', '（0731）8888 6666', '073****6666'],
  ['landline, Beijing', '010-12345678', '010****5678'],
  ['landline, Beijing, 7-digit local number', '010 2345678', '010****5678'],
  ['landline, extension', '0731-88886666转123', '073****6666'],
  ['landline, +86', '+86 731 8888 6666', '073****6666'],
  ['landline, +86 (0)', '+86-731-88886666', '073****6666'],
  ['local number after 电话', '家里电话：88886666', '家里电话：888****6666'],
  ['local number after 座机, dash', '座机 8888-6666', '座机 888****6666'],
  ['ID number', '身份证430104199001011234', '身份证4301**********1234'],
  ['ID number, X', '43010419900101123X', '4301**********123X'],
  ['ID number, lower-case x', '43010419900101123x', '4301**********123X'],
  ['ID number, spaced 6-8-4', '430104 19900101 1234', '4301**********1234'],
  ['ID number, spaced 6-4-4-4', '430104 1990 0101 1234', '4301**********1234'],
  ['ID number, 15 digits', '老身份证430104900101123', '老身份证4301*******1123'],
  ['ID number, full-width', '４３０１０４１９９００１０１１２３４', '4301**********1234'],
  ['bank card, grouped', '卡号6222 0212 3456 7890 123', '卡号6222***********0123'],
  ['bank card, 16 digits', '6222021234567890', '6222********7890'],
  ['e-mail', '邮箱zhangsan.1990@qq.com，', '邮箱z***@qq.com，'],
  ['e-mail, full-width at', 'li_si＠example.com.cn', 'l***@example.com.cn'],
  ['e-mail with plus', 'Wang+wz@mail.hunan.gov.cn', 'W***@mail.hunan.gov.cn'],
  ['licence plate', '车牌湘A12345的车', '车牌湘A*****的车'],
  ['licence plate with a dot', '湘A·12345', '湘A*****'],
  ['licence plate, new energy', '粤BD12345违停', '粤B*****违停'],
  ['licence plate, lower case', '湘a12345', '湘A*****'],
  ['licence plate, trailer', '湘A1234挂', '湘A*****'],
  // what must stay
  ['a date', '2024-05-12 发生的事', '2024-05-12 发生的事'],
  ['a date without separators', '20240512', '20240512'],
  ['a hotline', '拨打12345热线', '拨打12345热线'],
  ['an amount', '补偿3000元，面积120平方米', '补偿3000元，面积120平方米'],
  ['a year and a count', '2023年有1200户', '2023年有1200户'],
  ['a product name', '全新Model3和新Phone1', '全新Model3和新Phone1'],
  ['a serial number', '留言编号WZ20261123000123', '留言编号WZ20261123000123'],
  ['a short number', '3号楼1201室', '3号楼1201室'],
  ['already masked', '139****5670，4301**********1234，z***@qq.com，湘A*****', '139****5670，4301**********1234，z***@qq.com，湘A*****'],
  ['empty', '', ''],
];

test.each(CASES)('%s', (_what, text, masked) => {
  expect(maskPiiInText(text)).toBe(masked);
});

test('nothing of a number survives in the clear: its middle digits are gone in every spelling', () => {
  for (const [what, text, masked] of CASES) {
    if (masked === text) continue;
    const digits = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
    if (digits.length >= 11) expect({ what, out: masked.replace(/\D/g, '') }).not.toEqual({ what, out: expect.stringContaining(digits.slice(3, -4)) });
  }
});

test('null and undefined-like input pass through', () => {
  expect(maskPiiInText(null)).toBeNull();
});
