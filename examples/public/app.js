/*
 * 网络问政示例网站的脚本：只调用问政平台的公开接口（GraphQL，x-api-key），配置见 config.js。
 * Everything from the API is put into the page as text (textContent), never as HTML. No inline scripts or
 * handlers: the page runs under a Content-Security-Policy of script-src 'self'.
 */
'use strict';
(function () {
  const SITE = Object.assign({ siteName: '网络问政', tagline: '', endpoint: '/graphql', apiKey: '', region: '', hotline: '12345' }, window.WENZHENG_SITE || {});
  const TYPES = { CONSULT: '咨询', SUGGEST: '建言', COMPLAIN: '投诉', HELP: '求助' };
  const STATUS = {
    RECEIVED: '待受理',
    ACCEPTED: '已受理',
    HANDLING: '办理中',
    REPLIED: '已答复',
    CLOSED: '已办结',
    NOT_ACCEPTED: '不予受理',
    MERGED: '已合并办理',
  };
  /** Why a message was not accepted, in the words the platform gives the citizen (PublicStatus NOT_ACCEPTED). */
  const NOT_ACCEPTED = {
    EMPTY: '内容不完整，无法办理',
    DUPLICATE: '与已有留言重复',
    ABUSIVE: '含有辱骂或不文明内容',
    ADVERTISING: '属于广告或推广信息',
    NOT_GOVERNMENT: '不属于政府职责范围',
    OTHER: '其他原因，可拨打热线咨询',
  };
  const BANDS = { VERY_SATISFIED: '很满意', SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', DISSATISFIED: '不满意', VERY_DISSATISFIED: '很不满意' };
  const SCORE_WORDS = ['', '很不满意', '不满意', '基本满意', '满意', '很满意'];
  const $ = (id) => document.getElementById(id);

  /** An element with text (never HTML), an optional class and attributes. */
  function el(tag, text, cls, attrs) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, attrs[k]);
    return e;
  }
  /**
   * What citizens and units wrote (titles, content, replies) and codes (serial numbers, query codes) are data,
   * kept as written: marked translate="no", apart from the page's own words.
   */
  const data = (tag, text, cls, attrs) => el(tag, text, cls, Object.assign({ translate: 'no' }, attrs || {}));
  const code = (text) => data('span', text, 'code');
  const fmt = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
  const fmtDay = (iso) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '');

  // ── calling the platform ──

  class ApiError extends Error {
    constructor(code, message, extensions) {
      super(message);
      this.code = code;
      this.extensions = extensions || {};
    }
  }

  async function gql(query, variables) {
    let res;
    try {
      res = await fetch(SITE.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': SITE.apiKey },
        body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      throw new ApiError('NETWORK', String(e && e.message));
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      /* not JSON: told below */
    }
    if (body && body.errors && body.errors.length) {
      const first = body.errors[0];
      const ext = first.extensions || {};
      throw new ApiError(ext.code || 'INTERNAL_SERVER_ERROR', first.message || '', ext);
    }
    if (!res.ok || !body || !body.data) throw new ApiError(res.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', 'HTTP ' + res.status);
    return body.data;
  }

  // ── proof of work ──
  // After wrong query codes on a serial number (or from one address) the platform asks for a proof of work
  // (PROOF_OF_WORK_REQUIRED): a nonce such that SHA-256 of "<challenge>:<nonce>" starts with `difficulty` zero bits. The
  // page finds it (a fraction of a second) and sends the request again; the right query code is then always accepted.
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
    0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
    0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
    0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const W = new Uint32Array(64);
  /** SHA-256 of an ASCII string; returns the first word of the digest and the rest as an array of 8 words. */
  function sha256(text) {
    const n = text.length;
    const blocks = (n + 9 + 63) >> 6;
    const words = new Uint32Array(blocks * 16);
    for (let i = 0; i < n; i++) words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    words[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
    words[words.length - 1] = n * 8;
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    for (let b = 0; b < words.length; b += 16) {
      for (let t = 0; t < 64; t++) {
        if (t < 16) W[t] = words[b + t];
        else {
          const x = W[t - 15],
            y = W[t - 2];
          W[t] =
            (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
            W[t - 7] +
            (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
            W[t - 16];
        }
      }
      let a = h[0],
        c1 = h[1],
        c = h[2],
        d = h[3],
        e = h[4],
        f = h[5],
        g = h[6],
        k = h[7];
      for (let t = 0; t < 64; t++) {
        const t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[t] + W[t]) >>> 0;
        const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & c1) ^ (a & c) ^ (c1 & c))) >>> 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) >>> 0;
        d = c;
        c = c1;
        c1 = a;
        a = (t1 + t2) >>> 0;
      }
      h[0] += a;
      h[1] += c1;
      h[2] += c;
      h[3] += d;
      h[4] += e;
      h[5] += f;
      h[6] += g;
      h[7] += k;
    }
    return h;
  }
  /** Leading zero bits of a digest given as 32-bit words. */
  function zeroBits(h) {
    let bits = 0;
    for (const w of h) {
      if (w === 0) {
        bits += 32;
        continue;
      }
      return bits + Math.clz32(w);
    }
    return bits;
  }

  async function solveProofOfWork(challenge, difficulty) {
    for (let n = 0; ; n++) {
      const nonce = n.toString(36);
      if (zeroBits(sha256(challenge + ':' + nonce)) >= difficulty) return nonce;
      if (n % 5000 === 4999) await new Promise((r) => setTimeout(r, 0));
    }
  }

  /** A citizen's call (lookup, rating, redo): asked for a proof of work, the page solves it and sends the call once more. */
  async function citizenCall(query, variablesWith, statusBox) {
    try {
      return await gql(query, variablesWith(undefined));
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'PROOF_OF_WORK_REQUIRED') throw e;
      if (statusBox) statusBox.textContent = '正在进行安全验证，请稍候…';
      const { challenge, difficulty } = e.extensions;
      const nonce = await solveProofOfWork(String(challenge), Number(difficulty));
      return gql(query, variablesWith({ challenge, nonce }));
    }
  }

  const FIELD_NAMES = {
    title: '标题',
    content: '留言内容',
    realName: '姓名',
    phone: '联系电话',
    type: '留言类型',
    serialNo: '留言编号',
    queryCode: '查询码',
    reason: '重办理由',
    comment: '评价意见',
    resolution: '解决程度',
    attitude: '办理态度',
    speed: '办理速度',
    regionUnitId: '涉及地区',
    addressedLeaderId: '写给的领导',
    addressedUnitId: '写给的部门',
  };

  /** The Chinese part of a server message ("中文 (english)"), or '' when it has none. */
  function chinesePart(message) {
    const m = String(message || '')
      .replace(/\s*\([^()]*[A-Za-z][^()]*\)\s*$/, '')
      .trim();
    return /[\u4e00-\u9fff]/.test(m) && !/[A-Za-z]{3,}/.test(m) ? m : '';
  }

  /**
   * An error in words a citizen understands (always Chinese). `notFound` is what a NOT_FOUND means where it
   * happened (a wrong serial number or query code, a message no longer public).
   */
  function errorText(e, notFound) {
    const code = e instanceof ApiError ? e.code : 'INTERNAL_SERVER_ERROR';
    switch (code) {
      case 'NOT_FOUND':
        return notFound || '没有找到这条留言。';
      case 'RATE_LIMITED': {
        const s = Number(e.extensions.retryAfterSeconds);
        return s > 0 ? `操作太频繁，请 ${s > 90 ? Math.ceil(s / 60) + ' 分钟' : s + ' 秒'}后再试。` : '操作太频繁，请稍后再试。';
      }
      case 'BAD_USER_INPUT': {
        const field = String(e.extensions.field || '')
          .split('.')
          .pop();
        const words = chinesePart(e.message);
        if (words) return words.endsWith('。') ? words : words + '。';
        return FIELD_NAMES[field] ? `“${FIELD_NAMES[field]}”填写有误，请检查后重试。` : '填写的内容有误，请检查后重试。';
      }
      case 'INVALID_TRANSITION': {
        const words = chinesePart(e.message);
        return words ? (words.endsWith('。') ? words : words + '。') : '这条留言当前不能进行这项操作，请刷新查询结果后再试。';
      }
      case 'CONFLICT':
        return '留言刚刚有了新的进展，请重新查询后再试。';
      case 'UNAUTHENTICATED':
      case 'FORBIDDEN':
        return `本站暂时无法连接留言平台（接入配置有误）。请稍后再试，或拨打 ${SITE.hotline} 热线。`;
      case 'SERVICE_UNAVAILABLE':
        return '系统繁忙，请稍后再试。您填写的内容仍在页面上，可以直接重新提交。';
      case 'NETWORK':
        return '网络连接失败，请检查网络后重试。';
      default:
        return `系统出了点问题，请稍后再试，或拨打 ${SITE.hotline} 热线。`;
    }
  }

  function showError(box, text) {
    box.replaceChildren(el('p', text));
  }
  const clear = (...boxes) => boxes.forEach((b) => b.replaceChildren());

  // ── the site's name and reference data ──

  document.title = SITE.siteName;
  $('site-name').textContent = SITE.siteName;
  $('site-tagline').textContent = SITE.tagline;
  $('site-tagline').hidden = !SITE.tagline;
  $('site-hotline').textContent = SITE.hotline;

  /** The site's region (SITE.region) and the units below it, from publicUnits (id, name, parentId, kind). */
  let root = null;
  let units = [];
  const childrenOf = (id) => units.filter((u) => u.parentId === id);
  function inSubtree(u) {
    if (!root) return true;
    for (let x = u; x; x = units.find((p) => p.id === x.parentId)) if (x.id === root.id) return true;
    return false;
  }

  async function loadReference() {
    try {
      const d = await gql('{ publicUnits { id name parentId kind } publicLeaders { id name title unitName } }');
      units = d.publicUnits;
      root = SITE.region ? units.find((u) => u.name === SITE.region && u.kind === 'REGION') || null : null;
      const tops = root ? [root] : units.filter((u) => !u.parentId && u.kind === 'REGION');
      // 涉及地区: the regions directly below the site's region (or below each top region); their own regions on demand.
      const region = $('f-region');
      for (const top of tops) {
        const below = childrenOf(top.id).filter((u) => u.kind === 'REGION');
        if (!below.length) continue;
        const group = tops.length > 1 ? el('optgroup', null, null, { label: top.name }) : region;
        for (const r of below) group.append(el('option', r.name, null, { value: r.id }));
        if (group !== region) region.append(group);
      }
      // 写给: the leaders of the site's region and its departments.
      const to = $('f-addressee');
      const unitNames = new Set(units.filter(inSubtree).map((u) => u.name));
      const leaders = d.publicLeaders.filter((l) => !root || unitNames.has(l.unitName));
      if (leaders.length) {
        const g = el('optgroup', null, null, { label: '领导' });
        for (const l of leaders) g.append(el('option', `${l.unitName}${l.title} ${l.name}`, null, { value: 'L' + l.id }));
        to.append(g);
      }
      const depts = tops.flatMap((t) => childrenOf(t.id)).filter((u) => u.kind !== 'REGION');
      if (depts.length) {
        const g = el('optgroup', null, null, { label: '部门' });
        for (const u of depts) g.append(el('option', u.name, null, { value: 'U' + u.id }));
        to.append(g);
      }
    } catch (e) {
      // The form still works without the pickers (they are optional); the list shows the connection problem.
    }
  }

  $('f-region').addEventListener('change', () => {
    const streets = childrenOf($('f-region').value).filter((u) => u.kind === 'REGION');
    const select = $('f-street');
    select.replaceChildren(el('option', '不指定', null, { value: '' }), ...streets.map((s) => el('option', s.name, null, { value: s.id })));
    $('street-field').hidden = !streets.length;
  });

  // ── 我要留言 ──

  const newExternalId = () =>
    'site-' + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
  /** The id of this submission: kept until it succeeds, so that a retry after a lost answer makes no second message. */
  let externalId = newExternalId();
  const form = $('post-form');
  const counter = () => {
    $('content-count').textContent = `已输入 ${$('f-content').value.trim().length} 字`;
  };
  $('f-content').addEventListener('input', counter);

  function setFieldError(input, errId, text) {
    const p = $(errId);
    p.textContent = text || '';
    p.hidden = !text;
    if (input) {
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  /** Checks the form as the server would, in words; returns [[field element, message], …]. */
  function validatePost() {
    const v = (id) => $(id).value.trim();
    const problems = [];
    const type = form.querySelector('input[name="type"]:checked');
    const checks = [
      [$('fs-type'), 'err-type', !type && '请选择留言类型。'],
      [$('f-title'), 'err-title', v('f-title').length < 4 ? '标题至少 4 个字。' : v('f-title').length > 100 ? '标题最多 100 个字。' : ''],
      [$('f-content'), 'err-content', v('f-content').length < 10 ? '留言内容至少 10 个字。' : v('f-content').length > 5000 ? '留言内容最多 5000 个字。' : ''],
      [$('f-name'), 'err-name', !v('f-name') ? '请填写您的姓名。' : ''],
      [
        $('f-phone'),
        'err-phone',
        !v('f-phone')
          ? '请填写联系电话。'
          : !/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(v('f-phone').replace(/\s/g, ''))
            ? '请填写 11 位手机号码，或带区号的固定电话（如 0731-12345678）。'
            : '',
      ],
    ];
    for (const [input, errId, text] of checks) {
      setFieldError(input === $('fs-type') ? null : input, errId, text);
      if (input === $('fs-type')) {
        for (const r of form.querySelectorAll('input[name="type"]')) {
          if (text) r.setAttribute('aria-invalid', 'true');
          else r.removeAttribute('aria-invalid');
        }
      }
      if (text) problems.push([input === $('fs-type') ? form.querySelector('input[name="type"]') : input, text]);
    }
    return problems;
  }

  function showProblems(problems) {
    const box = $('post-errors');
    const list = el('ul');
    for (const [input, text] of problems) {
      const li = el('li');
      const a = el('a', text, null, { href: '#' + input.id });
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        input.focus();
      });
      li.append(a);
      list.append(li);
    }
    box.replaceChildren(el('p', `提交前请修改以下 ${problems.length} 处：`), list);
    box.focus();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear($('post-errors'), $('post-result'));
    const problems = validatePost();
    if (problems.length) return showProblems(problems);
    const street = $('f-street').value;
    const regionId = street || $('f-region').value;
    const to = $('f-addressee').value;
    const input = {
      externalId,
      channel: 'WEB',
      type: form.querySelector('input[name="type"]:checked').value,
      title: $('f-title').value.trim(),
      content: $('f-content').value.trim(),
      realName: $('f-name').value.trim(),
      phone: $('f-phone').value.replace(/\s/g, ''),
      isPublic: $('f-public').checked,
      isAnonymous: $('f-anonymous').checked,
      ...(regionId ? { regionUnitId: regionId } : {}),
      ...(to.startsWith('L') ? { addressedLeaderId: to.slice(1) } : to.startsWith('U') ? { addressedUnitId: to.slice(1) } : {}),
    };
    const button = $('post-submit');
    button.disabled = true;
    button.textContent = '正在提交…';
    try {
      const d = await gql('mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode submittedAt } }', { i: input });
      const s = d.submitMessage;
      form.reset();
      counter();
      $('street-field').hidden = true;
      externalId = newExternalId();
      const dl = el('dl');
      const serial = code(s.serialNo);
      serial.id = 'post-serial';
      serial.classList.add('big');
      const qc = code(s.queryCode);
      qc.id = 'post-code';
      qc.classList.add('big');
      dl.append(el('dt', '留言编号'), el('dd'), el('dt', '查询码'), el('dd'));
      dl.children[1].append(serial);
      dl.children[3].append(qc);
      const go = el('button', '查询这条留言的办理进度', 'secondary', { type: 'button' });
      go.addEventListener('click', () => {
        $('q-serial').value = s.serialNo;
        $('q-code').value = s.queryCode;
        lookup().then(() => $('lookup-title').scrollIntoView());
      });
      $('post-result').replaceChildren(
        el('p', '留言已提交成功。请记下留言编号和查询码，查询办理进度和评价答复时都要用到（查询码不会再次显示）。'),
        dl,
        el('p', `提交时间：${fmt(s.submittedAt)}`),
        go,
      );
    } catch (e) {
      const box = $('post-errors');
      if (e && e.code === 'CONFLICT') {
        // An earlier attempt of this form reached the platform with other content (its answer was lost, then the
        // form was changed): the platform keeps that one; a new id makes the next submission a message of its own.
        externalId = newExternalId();
        showError(box, '留言没有提交成功：您之前的一次提交已被平台收到，但内容与现在不同。如需按现在的内容提交，请再次点击“提交留言”。');
      } else {
        showError(box, '留言没有提交成功：' + errorText(e));
      }
      box.focus();
    } finally {
      button.disabled = false;
      button.textContent = '提交留言';
    }
  });

  // ── 留言查询, 评价, 申请重办 ──

  const CITIZEN_VIEW = `canRate canRequestRedo progress { at step }
    message { serialNo type title content authorName status notAcceptedReason mergedIntoSerialNo submittedAt handlingUnit { name } region { name }
      replies { kind content unitName publishedAt } evaluation { overall band ratedAt } }`;
  let credentials = null;

  async function lookup() {
    clear($('lookup-error'), $('lookup-status'));
    const serialNo = $('q-serial').value.trim().toUpperCase();
    const queryCode = $('q-code').value.trim().toUpperCase();
    setFieldError($('q-serial'), 'err-serial', serialNo ? '' : '请填写留言编号。');
    setFieldError($('q-code'), 'err-code', queryCode ? '' : '请填写查询码。');
    if (!serialNo) return $('q-serial').focus();
    if (!queryCode) return $('q-code').focus();
    const button = $('lookup-submit');
    button.disabled = true;
    try {
      const d = await citizenCall(
        `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { ${CITIZEN_VIEW} } }`,
        (proofOfWork) => ({ c: { serialNo, queryCode, proofOfWork } }),
        $('lookup-status'),
      );
      credentials = { serialNo, queryCode };
      renderCitizenView(d.lookupMessage);
      $('lookup-status').replaceChildren('已找到留言 ', code(serialNo), `，当前进展：${latestStep(d.lookupMessage)}。`);
    } catch (e) {
      $('lookup-result').replaceChildren();
      showError($('lookup-error'), '查询失败：' + errorText(e, '留言编号或查询码不正确，请核对后重新输入。'));
    } finally {
      button.disabled = false;
    }
  }
  $('lookup-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    lookup();
  });

  const latestStep = (v) => (v.progress.length ? v.progress[v.progress.length - 1].step : '留言已提交');

  /** A message's text, replies and rating (shared by the citizen's view and the public detail). */
  function messageBody(m, headingLevel) {
    const h = `h${headingLevel + 1}`;
    const parts = [data('p', m.content, 'content')];
    if (m.replies.length) {
      parts.push(el(h, '答复'));
      for (const r of m.replies) {
        const box = el('div', null, 'reply');
        box.append(
          el(`h${headingLevel + 2}`, `${r.kind === 'FINAL' ? '答复' : '阶段性答复'}：${r.unitName || '平台'}`),
          el('p', fmt(r.publishedAt), 'meta'),
          data('p', r.content, 'content'),
        );
        parts.push(box);
      }
    }
    if (m.evaluation)
      parts.push(el('p', `网民评价：${BANDS[m.evaluation.band] || ''}（${m.evaluation.overall.toFixed(1)} 分，${fmtDay(m.evaluation.ratedAt)}）`, 'meta'));
    return parts;
  }

  function renderCitizenView(v) {
    const m = v.message;
    const box = $('lookup-result');
    const meta = el('dl');
    const add = (k, value) => {
      const dd = el('dd');
      dd.append(value);
      meta.append(el('dt', k), dd);
    };
    add('留言编号', code(m.serialNo));
    add('当前进展', el('strong', latestStep(v), null, { id: 'lookup-step' }));
    add('办理状态', STATUS[m.status] || '');
    if (m.status === 'NOT_ACCEPTED') add('不予受理原因', NOT_ACCEPTED[m.notAcceptedReason] || NOT_ACCEPTED.OTHER);
    if (m.status === 'MERGED' && m.mergedIntoSerialNo) {
      const into = el('span');
      into.append('已与留言 ', code(m.mergedIntoSerialNo), ' 合并办理，答复将在该留言中发布');
      add('合并办理', into);
    }
    add('留言类型', TYPES[m.type] || '');
    add('提交时间', fmt(m.submittedAt));
    if (m.handlingUnit) add('办理单位', m.handlingUnit.name);
    const progress = el('ol', null, 'progress');
    for (const p of v.progress) {
      const li = el('li');
      li.append(el('time', fmt(p.at), null, { datetime: p.at }), document.createTextNode(p.step));
      progress.append(li);
    }
    const panel = el('div', null, 'result-box');
    panel.append(meta);
    box.replaceChildren(
      data('h3', m.title, null, { id: 'lookup-heading', tabindex: '-1' }),
      panel,
      el('h4', '办理进度'),
      progress,
      el('h4', '留言内容'),
      ...messageBody(m, 3),
    );
    if (v.canRate) box.append(rateForm());
    if (v.canRequestRedo) box.append(redoForm());
  }

  /** 评价: three scores 1-5 with no preset answer (a default would inflate satisfaction) and a comment. */
  function rateForm() {
    const f = el('form', null, 'action-form', { id: 'rate-form', novalidate: '' });
    f.append(
      el('h4', '评价答复'),
      el('p', '请对办理结果打分：1 分最低（很不满意），5 分最高（很满意）。评价后留言办结；如果不满意，可以申请一次重办。', 'hint'),
    );
    const errors = el('div', null, 'error-box', { role: 'alert', 'aria-live': 'assertive', id: 'rate-errors' });
    f.append(errors);
    for (const [name, label] of [
      ['resolution', '解决程度'],
      ['attitude', '办理态度'],
      ['speed', '办理速度'],
    ]) {
      const fs = el('fieldset', null, 'field');
      fs.append(el('legend', label));
      const row = el('div', null, 'scores');
      for (let n = 1; n <= 5; n++) {
        const l = el('label', null, 'score', { title: SCORE_WORDS[n] });
        const r = el('input', null, null, { type: 'radio', name, value: String(n), 'aria-label': `${n} 分，${SCORE_WORDS[n]}` });
        l.append(r, document.createTextNode(String(n)));
        row.append(l);
      }
      fs.append(row);
      f.append(fs);
    }
    const c = el('div', null, 'field');
    c.append(
      el('label', '评价意见（选填）', null, { for: 'rate-comment' }),
      el('textarea', null, null, { id: 'rate-comment', name: 'comment', rows: '3', maxlength: '500' }),
    );
    f.append(c, el('button', '提交评价', 'primary', { type: 'submit', id: 'rate-submit' }));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const score = (n) => f.querySelector(`input[name="${n}"]:checked`);
      const missing = [
        ['resolution', '解决程度'],
        ['attitude', '办理态度'],
        ['speed', '办理速度'],
      ].filter(([n]) => !score(n));
      if (missing.length) {
        errors.replaceChildren(el('p', `请为“${missing.map((x) => x[1]).join('”“')}”打分。`));
        return f.querySelector(`input[name="${missing[0][0]}"]`).focus();
      }
      await act(
        f,
        errors,
        'mutation($i: RateMessageInput!) { rateMessage(input: $i) { ' + CITIZEN_VIEW + ' } }',
        {
          ...credentials,
          resolution: +score('resolution').value,
          attitude: +score('attitude').value,
          speed: +score('speed').value,
          comment: $('rate-comment').value.trim() || undefined,
        },
        'rateMessage',
        (v) => (v.canRequestRedo ? '评价已提交，谢谢您。您对答复不满意，可以在下方申请重办。' : '评价已提交，谢谢您。留言已办结。'),
      );
    });
    return f;
  }

  /** 申请重办: once, after a rating below 3. */
  function redoForm() {
    const f = el('form', null, 'action-form', { id: 'redo-form', novalidate: '' });
    f.append(el('h4', '申请重办'), el('p', '您对答复不满意，可以申请一次重办，留言将重新交由单位办理。', 'hint'));
    const errors = el('div', null, 'error-box', { role: 'alert', 'aria-live': 'assertive', id: 'redo-errors' });
    const field = el('div', null, 'field');
    field.append(
      el('label', '重办理由', null, { for: 'redo-reason' }),
      el('textarea', null, null, { id: 'redo-reason', name: 'reason', rows: '3', maxlength: '500', required: '' }),
    );
    f.append(errors, field, el('button', '申请重办', 'primary', { type: 'submit', id: 'redo-submit' }));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const reason = $('redo-reason').value.trim();
      if (reason.length < 2) {
        errors.replaceChildren(el('p', '请写明需要重办的理由。'));
        return $('redo-reason').focus();
      }
      await act(
        f,
        errors,
        'mutation($i: RequestRedoInput!) { requestRedo(input: $i) { ' + CITIZEN_VIEW + ' } }',
        { ...credentials, reason },
        'requestRedo',
        () => '已申请重办，留言将重新办理。办理进度可以随时在这里查询。',
      );
    });
    return f;
  }

  async function act(f, errors, mutation, input, field, done) {
    errors.replaceChildren();
    const button = f.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const d = await citizenCall(mutation, (proofOfWork) => ({ i: Object.assign({}, input, { proofOfWork }) }), $('lookup-status'));
      renderCitizenView(d[field]);
      $('lookup-status').textContent = done(d[field]);
      $('lookup-heading').focus();
    } catch (e) {
      button.disabled = false;
      errors.replaceChildren(el('p', errorText(e, '留言编号或查询码不正确，请重新查询。')));
    }
  }

  // ── 公开留言 ──

  let after = null;
  /** Each load is numbered: an answer that arrives after a newer load was asked for is dropped (out-of-order replies). */
  let listLoads = 0;
  async function loadList(reset) {
    const load = ++listLoads;
    const f = new FormData($('filter-form'));
    const filter = {};
    for (const k of ['keyword', 'type', 'status']) if (String(f.get(k) || '').trim()) filter[k] = String(f.get(k)).trim();
    if (root) filter.regionUnitId = root.id;
    if (reset) after = null;
    clear($('public-error'));
    try {
      const d = await gql(
        `query($f: PublicMessageFilter, $after: String) { publicMessages(first: 10, after: $after, filter: $f) {
        totalCount pageInfo { hasNextPage endCursor } nodes { serialNo type title status submittedAt handlingUnit { name } } } }`,
        { f: filter, after },
      );
      if (load !== listLoads) return;
      const c = d.publicMessages;
      if (reset) $('public-list').replaceChildren();
      $('public-total').textContent = c.totalCount ? `共 ${c.totalCount} 条公开留言` : '没有符合条件的公开留言。';
      for (const m of c.nodes) {
        const li = el('li');
        const a = el('a', null, null, { href: '#m-' + m.serialNo, 'data-serial': m.serialNo });
        const meta = el('span', null, 'm-meta');
        meta.append(
          el('span', STATUS[m.status] || '', 'status status-' + m.status),
          document.createTextNode(`${TYPES[m.type] || ''} · ${m.handlingUnit ? m.handlingUnit.name + ' · ' : ''}${fmtDay(m.submittedAt)}`),
        );
        a.append(data('span', m.title, 'm-title'), meta);
        li.append(a);
        $('public-list').append(li);
      }
      after = c.pageInfo.endCursor;
      $('public-more').hidden = !c.pageInfo.hasNextPage;
    } catch (e) {
      if (load === listLoads) showError($('public-error'), '公开留言加载失败：' + errorText(e));
    }
  }
  $('filter-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    loadList(true);
  });

  // ── 看看是否已有答案: the platform's public knowledge articles in force, best match first ──

  async function searchAnswers() {
    const question = $('a-question').value.trim();
    clear($('answer-error'), $('answer-list'));
    $('answer-total').textContent = '';
    if (!question) {
      showError($('answer-error'), '请先输入您的问题。');
      return;
    }
    try {
      const d = await gql(
        `query($f: PublicKnowledgeFilter) { publicKnowledgeArticles(first: 5, filter: $f) {
        totalCount nodes { id title answer unitName updatedOn sources { title number date } } } }`,
        { f: { search: question } },
      );
      const c = d.publicKnowledgeArticles;
      $('answer-total').textContent = c.totalCount
        ? `找到 ${c.totalCount} 条相关答复${c.totalCount > c.nodes.length ? `，显示最相关的 ${c.nodes.length} 条` : ''}。`
        : '没有找到相关答复，欢迎在下方留言。';
      for (const a of c.nodes) {
        const li = el('li', null, 'message');
        const details = el('details');
        const summary = el('summary');
        summary.append(data('span', a.title, 'title'));
        details.append(
          summary,
          ...String(a.answer)
            .split('\n')
            .filter((line) => line.trim())
            .map((line) => data('p', line)),
        );
        const meta = el('p', `答复单位：${a.unitName} · 更新于 ${a.updatedOn}`, 'meta');
        const sources = a.sources.map((x) => [x.title, x.number, x.date].filter(Boolean).join(' ')).filter(Boolean);
        if (sources.length) details.append(el('p', '依据：' + sources.join('；'), 'meta'));
        details.append(meta);
        li.append(details);
        $('answer-list').append(li);
      }
    } catch (e) {
      showError($('answer-error'), '答复查找失败：' + errorText(e));
    }
  }
  $('answer-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    searchAnswers();
  });
  $('public-more').addEventListener('click', () => loadList(false));

  /** A public message opened from the list (address #m-<serial number>: the back button closes it). */
  async function showDetail(serialNo) {
    const box = $('detail');
    clear($('public-error'));
    try {
      const d = await gql(
        `query($s: String!) { publicMessage(serialNo: $s) { serialNo type title content authorName status submittedAt
        handlingUnit { name } replies { kind content unitName publishedAt } evaluation { overall band ratedAt } } }`,
        { s: serialNo },
      );
      const m = d.publicMessage;
      const back = el('a', '返回公开留言列表', 'back-link', { href: '#public' });
      const meta = el('p', null, 'meta');
      meta.append(
        el('span', STATUS[m.status] || '', 'status status-' + m.status),
        '留言编号 ',
        code(m.serialNo),
        document.createTextNode(
          ` · ${TYPES[m.type] || ''} · ${m.authorName} · ${fmt(m.submittedAt)}${m.handlingUnit ? ' · 办理单位：' + m.handlingUnit.name : ''}`,
        ),
      );
      box.replaceChildren(data('h3', m.title, null, { id: 'detail-heading', tabindex: '-1' }), meta, ...messageBody(m, 3), back);
      box.hidden = false;
      $('detail-heading').focus();
    } catch (e) {
      box.hidden = true;
      showError($('public-error'), errorText(e, '这条留言不存在或没有公开。'));
    }
  }
  function route() {
    const h = decodeURIComponent(location.hash);
    if (h.startsWith('#m-')) showDetail(h.slice(3));
    else if (!$('detail').hidden) {
      $('detail').hidden = true;
      $('detail').replaceChildren();
    }
  }
  window.addEventListener('hashchange', route);

  loadReference()
    .then(() => loadList(true))
    .then(route);
})();
