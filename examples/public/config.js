/*
 * 本站配置（城市复制本页面时，只需修改这一处）。
 *
 * 页面本身（index.html、app.js、style.css）不需要改动。这里填写的密钥会随页面发给每位访问者：
 * 公开接入密钥只能读取公开留言、提交留言和查询本人留言，请在平台“系统管理 → 第三方接入”中
 * 为它设置“允许的来源”（本站的网址），并只授予 PUBLIC_READ（读取公开留言）和 MESSAGES_SUBMIT（代网民提交留言）两项权限。
 */
window.WENZHENG_SITE = {
  /** 网站名称，显示在页面顶部和浏览器标签上。 */
  siteName: '网络问政',
  /** 名称下方的一句话说明。 */
  tagline: '您的留言，我们件件有回音',
  /** 问政平台的接口地址。本页与平台部署在同一网站时保持 '/graphql'，否则填完整地址，如 'https://wz.example.gov.cn/graphql'。 */
  endpoint: '/graphql',
  /** 平台管理员发给本站的接入密钥。下面是演示数据自带的演示密钥，正式上线前必须替换。 */
  apiKey: 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz',
  /** 本站所属地区的名称（平台“单位”中的行政区域），如 '长沙市'。留空表示面向平台的全部地区。 */
  region: '',
  /** 页脚显示的咨询电话。 */
  hotline: '12345',
};
