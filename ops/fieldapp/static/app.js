/* FieldOps field app: today's duty, check-in/out, hazard reports, household visits, patrol tracks,
 * the outbox.
 * Chinese first, English switch. Plain ES2017, no build step, no libraries. */
(function (global) {
  'use strict';
  // navigator.geolocation answers WGS84 (W3C Geolocation API): every item says so, so the server
  // never has to guess; a page embedded in WeChat's JS-SDK would send 'gcj02' instead.
  var POSITIONS = 'wgs84';
  var API = '/api/v1';
  var T = {
    zh: {
      title: '外勤签到', scanCard: '请用手机相机扫描工作卡上的二维码登录。',
      scanHint: '每张卡只能登录一次；换手机或卡片丢失，请向调度员领取新卡。', signingIn: '正在登录……',
      signedOut: '登录已失效（令牌已注销）。请向调度员领取新的工作卡，用手机相机扫码重新登录。\n手机上未发送的记录会保留，重新登录后自动发送。',
      signinOffline: '没有网络，暂时无法登录。请在有信号的地方重新扫码。', signinFailed: '登录失败：',
      checkIn: '签到', checkOut: '签退', nextDays: '接下来的班次', category: '类别', people: '宣传劝导人数',
      descHint: '情况说明（可不填）', takePhoto: '拍照（可选）', submit: '提交上报', km: '公里', elapsed: '用时',
      points: '轨迹点', patrolStart: '开始巡逻', patrolStop: '结束巡逻',
      patrolHint: '巡逻时请保持页面打开、屏幕常亮；签退时自动结束巡逻。', sendNow: '立即发送',
      tabToday: '今日', tabReport: '上报', tabPatrol: '巡逻', tabQueue: '待发送',
      noDutyToday: '今天没有排班。', noDutyNext: '近几天没有排班。', teammates: '同班：', alone: '同班：无',
      kind_intersection: '路口劝导', kind_village: '村巡逻', radius: '范围 {r} 米', distance: '距岗位约 {d} 米',
      current: '当前班次', upcoming: '下一班', today: '今天',
      cachedAt: '无网络，显示的是 {t} 保存的排班', offlineWaiting: '无网络 · {n} 条记录在手机上等待发送，有信号后自动发送',
      offline: '无网络 · 记录会先保存在手机上', waiting: '{n} 条记录等待发送', allSent: '全部记录都已发送。',
      rejectedN: '服务器拒收（请核对后重新填报）：', dismiss: '知道了',
      st_pending: '等待发送', st_retry: '发送失败，稍后自动重试（第 {n} 次）', st_held: '等上报被接收后发送',
      st_sent: '已发送', st_rejected: '被拒收',
      on_time: '按时', late: '迟到', early: '早退', off_site: '不在岗位范围', unassigned: '无对应班次',
      k_in: '签到', k_out: '签退', k_hazard: '上报', k_track: '巡逻轨迹', k_photo: '照片',
      geoLocating: '正在定位……', geoOk: '定位精度 ±{a} 米', geoPoor: '定位精度差（±{a} 米）：仍会发送，并标注“精度差”',
      geoDenied: '未获得定位权限。签到需要定位，开启方法：\n• 安卓：设置 → 应用 → 浏览器（或微信）→ 权限 → 位置信息 → 允许\n• 苹果：设置 → 隐私与安全性 → 定位服务 → 打开，并允许 Safari 网站（或微信）“使用 App 期间”访问\n• 在微信里：点右上角“…”→“在浏览器打开”，或在微信设置中允许位置权限\n开启后刷新本页。没有定位也可以上报隐患，会标注“无定位”。',
      geoUnavailable: '暂时无法定位（室内或卫星信号弱），请到开阔处稍等再试。', geoUnsupported: '此浏览器不支持定位。',
      needFix: '没有定位，无法签到。', checkedIn: '已签到', checkedOut: '已签退',
      queued: '已保存在手机上，有信号后自动发送', poorMark: '精度差 ±{a} 米', noLocMark: '无定位',
      pickCategory: '请先选择类别', reported: '已上报', photoAdded: '已选照片：{n}',
      patrolOn: '巡逻中，轨迹记录中', patrolStopped: '巡逻结束，轨迹已保存', descPoor: '〔定位精度差：±{a} 米〕',
      descNoLoc: '〔无定位〕', staffOnly: '这张卡不是一线人员的卡。',
      tabVisit: '走访', village: '村', noVillage: '（不选村）', household: '户名或门牌', householdHint: '如：扎西家、3组12号',
      purpose: '走访目的', findingsHint: '发现的情况（可不填）', disputesFound: '发现矛盾纠纷（件）', saveVisit: '提交走访',
      needPlace: '请填写户名或选择村', pickPurpose: '请先选择走访目的', visited: '走访已记录', k_visit: '走访'
    },
    en: {
      title: 'Field check-in', scanCard: 'Scan the QR code on your staff card with the phone camera to sign in.',
      scanHint: 'Each card signs in once; for a new phone or a lost card, ask the dispatcher for a new card.',
      signingIn: 'Signing in…',
      signedOut: 'You are signed out (your token was revoked). Ask the dispatcher for a new card and scan it again.\nRecords not yet sent stay on this phone and go out after you sign in.',
      signinOffline: 'No signal: cannot sign in now. Scan the card again where there is signal.', signinFailed: 'Sign-in failed: ',
      checkIn: 'Check in', checkOut: 'Check out', nextDays: 'Next shifts', category: 'Category', people: 'People reached',
      descHint: 'What happened (optional)', takePhoto: 'Take a photo (optional)', submit: 'Send report', km: 'km',
      elapsed: 'time', points: 'points', patrolStart: 'Start patrol', patrolStop: 'End patrol',
      patrolHint: 'Keep this page open and the screen on while patrolling; checking out ends the patrol.',
      sendNow: 'Send now', tabToday: 'Today', tabReport: 'Report', tabPatrol: 'Patrol', tabQueue: 'Outbox',
      noDutyToday: 'No duty today.', noDutyNext: 'No duties in the next days.', teammates: 'With: ', alone: 'With: nobody',
      kind_intersection: 'crossing', kind_village: 'village patrol', radius: 'radius {r} m', distance: 'about {d} m from the post',
      current: 'now', upcoming: 'next', today: 'today',
      cachedAt: 'Offline: roster as saved at {t}', offlineWaiting: 'Offline · {n} record(s) waiting on this phone; they go out when the signal returns',
      offline: 'Offline · records are kept on this phone', waiting: '{n} record(s) waiting to be sent', allSent: 'Everything has been sent.',
      rejectedN: 'Refused by the server (check and report again):', dismiss: 'OK',
      st_pending: 'waiting', st_retry: 'failed, retrying later (attempt {n})', st_held: 'sent after its report is accepted',
      st_sent: 'sent', st_rejected: 'refused',
      on_time: 'on time', late: 'late', early: 'early', off_site: 'off site', unassigned: 'no shift',
      k_in: 'check-in', k_out: 'check-out', k_hazard: 'report', k_track: 'patrol track', k_photo: 'photo',
      geoLocating: 'Locating…', geoOk: 'Location ±{a} m', geoPoor: 'Poor location (±{a} m): sent anyway and marked as poor',
      geoDenied: 'No location permission. Check-in needs it:\n• Android: Settings → Apps → browser (or WeChat) → Permissions → Location → Allow\n• iPhone: Settings → Privacy & Security → Location Services → on, and allow Safari Websites (or WeChat) “While Using”\n• In WeChat: tap “…” top right → “Open in browser”, or allow location for WeChat\nThen reload. You can still report a hazard without location; it is marked “no location”.',
      geoUnavailable: 'No location fix yet (indoors or weak satellite signal); try again in the open.', geoUnsupported: 'This browser has no location.',
      needFix: 'No location: cannot check in.', checkedIn: 'Checked in', checkedOut: 'Checked out',
      queued: 'saved on the phone; sent when there is signal', poorMark: 'poor fix ±{a} m', noLocMark: 'no location',
      pickCategory: 'Choose a category first', reported: 'Reported', photoAdded: 'Photo: {n}',
      patrolOn: 'Patrolling: recording the track', patrolStopped: 'Patrol ended; track saved', descPoor: '〔定位精度差：±{a} 米〕',
      descNoLoc: '〔无定位〕', staffOnly: 'This is not a field staff card.',
      tabVisit: 'Visit', village: 'Village', noVillage: '(no village)', household: 'Household (name or number)',
      householdHint: 'e.g. Tashi\'s family, group 3 no. 12', purpose: 'Purpose', findingsHint: 'What you found (optional)',
      disputesFound: 'Disputes found', saveVisit: 'Save visit', needPlace: 'Name a household or choose a village',
      pickPurpose: 'Choose the purpose first', visited: 'Visit recorded', k_visit: 'visit'
    }
  };
  var CATS = [['no_helmet', '未戴头盔', 'No helmet'], ['no_seatbelt', '未系安全带', 'No seat belt'],
    ['speeding', '超速', 'Speeding'], ['lane_occupation', '占道', 'Lane occupation'],
    ['mixed_passenger_cargo', '人货混装', 'People on cargo'], ['other_traffic', '其他交通违法', 'Other traffic'],
    ['safety', '安全隐患', 'Safety hazard'], ['petition', '信访隐患', 'Petition'], ['dispute', '矛盾纠纷', 'Dispute'],
    ['other', '其他', 'Other']];
  var PURPOSES = [['dispute_check', '矛盾纠纷排查', 'Dispute check'], ['safety_check', '安全隐患排查', 'Safety check'],
    ['petition_followup', '信访回访', 'Petition follow-up'], ['policy_publicity', '政策宣传', 'Policy publicity'], ['other', '其他', 'Other']];
  var WEEK = { zh: '日一二三四五六', en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };
  var patrolConfig = { minIntervalS: 10, maxIntervalS: 30, minMoveM: 20, chunkPoints: 30, chunkS: 300 };

  function $(id) { return document.getElementById(id); }
  function load(k, d) { try { var v = localStorage.getItem('fo.' + k); return v ? JSON.parse(v) : d; } catch (e) { return d; } }
  function save(k, v) { if (v === null) { localStorage.removeItem('fo.' + k); } else { localStorage.setItem('fo.' + k, JSON.stringify(v)); } }
  var S = { lang: load('lang', 'zh'), token: load('token', null), staff: load('staff', null),
    duties: load('duties', null), done: load('done', []), rows: [], screen: 'today', category: null, purpose: null, photo: null };
  function t(key, vars) {
    var s = (T[S.lang] || T.zh)[key] || T.zh[key] || key;
    Object.keys(vars || {}).forEach(function (k) { s = s.replace('{' + k + '}', vars[k]); });
    return s;
  }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function toast(msg) {
    var el = $('toast'); el.textContent = msg; el.hidden = false;
    clearTimeout(toast.timer); toast.timer = setTimeout(function () { el.hidden = true; }, 4000);
  }
  function hhmm(iso) { return iso.slice(11, 16); }
  function dayLabel(iso, today) {
    var d = iso.slice(0, 10);
    if (d === today) { return t('today'); }
    var w = new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10))).getUTCDay();
    return S.lang === 'zh' ? (+d.slice(5, 7)) + '月' + (+d.slice(8, 10)) + '日 周' + WEEK.zh[w] : WEEK.en[w] + ' ' + d.slice(5);
  }
  function clock(ms) { var d = new Date(ms); return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2); }
  function metres(a, b) {
    var r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742000 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function limit() { return (S.duties && S.duties.accuracy_limit_m) || 50; }

  /* ---- language ---- */
  function applyLang() {
    document.documentElement.lang = S.lang === 'zh' ? 'zh-CN' : 'en';
    $('lang').textContent = S.lang === 'zh' ? 'EN' : '中文';
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (el) { el.textContent = t(el.getAttribute('data-t')); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-tp]'), function (el) { el.placeholder = t(el.getAttribute('data-tp')); });
    $('cats').innerHTML = choices(CATS, S.category, 'cat');
    $('purposes').innerHTML = choices(PURPOSES, S.purpose, 'purpose');
    renderAll();
  }
  function choices(list, on, attr) {
    return list.map(function (c) {
      return '<button type="button" data-' + attr + '="' + c[0] + '"' + (on === c[0] ? ' class="on"' : '') + '>' + (S.lang === 'zh' ? c[1] : c[2]) + '</button>';
    }).join('');
  }
  function label(list, key) { return list.filter(function (c) { return c[0] === key; }).map(function (c) { return S.lang === 'zh' ? c[1] : c[2]; })[0] || ''; }

  /* ---- screens ---- */
  function show(name) {
    S.screen = name;
    ['signin', 'today', 'report', 'visit', 'patrol', 'queue'].forEach(function (s) { $('s-' + s).hidden = s !== name; });
    $('tabs').hidden = name === 'signin';
    Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) { b.className = b.getAttribute('data-s') === name ? 'on' : ''; });
    renderAll();
  }

  /* ---- API ---- */
  function api(method, path, body) {
    var h = {};
    if (S.token) { h.Authorization = 'Bearer ' + S.token; }
    if (body) { h['Content-Type'] = 'application/json'; }
    return fetch(API + path, { method: method, headers: h, body: body ? JSON.stringify(body) : undefined }).then(function (res) {
      if (res.status === 401 && S.token) { signedOut(); }
      return res.json().catch(function () { return {}; }).then(function (b) { return { status: res.status, body: b }; });
    });
  }

  function signIn(code) {
    show('signin'); $('signin-msg').textContent = t('signingIn'); $('signin-err').hidden = true;
    fetch(API + '/signin', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code }) })
      .then(function (res) { return res.json().then(function (b) { return { status: res.status, body: b }; }); })
      .then(function (r) {
        if (r.status === 200) {
          S.token = r.body.token; S.staff = r.body.staff; save('token', S.token); save('staff', S.staff);
          if (S.duties && S.duties.staff_id !== S.staff.id) { S.duties = null; save('duties', null); }
          return start();
        }
        signinError(t('signinFailed') + (r.body.detail || 'HTTP ' + r.status));
      }, function () { signinError(t('signinOffline')); });
  }
  function signinError(msg) {
    if (S.token) { start(); alertBox(msg); return; }
    $('signin-msg').textContent = t('scanCard'); $('signin-err').textContent = msg; $('signin-err').hidden = false;
  }
  function signedOut() {
    S.token = null; save('token', null); Patrol.stop(true);
    show('signin'); $('signin-msg').textContent = ''; $('signin-err').textContent = t('signedOut'); $('signin-err').hidden = false;
  }
  var extraAlerts = [];
  function alertBox(msg) { extraAlerts.push(msg); renderAlerts(); }

  function refreshDuties() {
    if (!S.token) { return Promise.resolve(); }
    return api('GET', '/me/duties?days=3').then(function (r) {
      if (r.status !== 200) { if (r.status === 403) { alertBox(t('staffOnly')); } return; }
      S.duties = r.body; S.duties.staff_id = S.staff && S.staff.id; S.duties.savedAt = Date.now();
      save('duties', S.duties); renderAll();
    }, function () { renderAll(); });
  }

  /* ---- location ---- */
  var Geo = { last: null, error: null, watching: false };
  function fixFrom(p) { return { lon: p.coords.longitude, lat: p.coords.latitude, acc: Math.round(p.coords.accuracy || 0), t: Date.now() }; }
  function geoError(e) { return !navigator.geolocation ? 'unsupported' : (e && e.code === 1 ? 'denied' : 'unavailable'); }
  Geo.watch = function () {
    if (Geo.watching) { return; }
    if (!navigator.geolocation) { Geo.error = 'unsupported'; return; }
    Geo.watching = true;
    navigator.geolocation.watchPosition(function (p) {
      Geo.last = fixFrom(p); Geo.error = null; Patrol.point(Geo.last); renderGeo();
    }, function (e) { Geo.error = geoError(e); if (Geo.error === 'denied') { Geo.watching = false; } renderGeo(); },
    { enableHighAccuracy: true, maximumAge: 5000, timeout: 60000 });
  };
  /* A fix no older than maxAgeMs: the watched one, or a fresh one. */
  Geo.fix = function (maxAgeMs, timeoutMs) {
    if (Geo.last && Date.now() - Geo.last.t <= maxAgeMs) { return Promise.resolve(Geo.last); }
    if (!navigator.geolocation) { return Promise.reject('unsupported'); }
    return new Promise(function (resolve, reject) {
      navigator.geolocation.getCurrentPosition(function (p) { Geo.last = fixFrom(p); Geo.error = null; renderGeo(); resolve(Geo.last); },
        function (e) { Geo.error = geoError(e); renderGeo(); reject(Geo.error); },
        { enableHighAccuracy: true, maximumAge: maxAgeMs, timeout: timeoutMs || 20000 });
    });
  };
  function geoText() {
    if (Geo.error === 'denied') { return ['bad', t('geoDenied')]; }
    if (Geo.error === 'unsupported') { return ['bad', t('geoUnsupported')]; }
    if (!Geo.last) { return Geo.error ? ['bad', t('geoUnavailable')] : ['poor', t('geoLocating')]; }
    if (Geo.last.acc > limit()) { return ['poor', t('geoPoor', { a: Geo.last.acc })]; }
    return ['', t('geoOk', { a: Geo.last.acc })];
  }
  function renderGeo() {
    var g = geoText();
    ['geo', 'report-geo', 'visit-geo', 'patrol-geo'].forEach(function (id) { $(id).className = 'geo ' + g[0]; $(id).textContent = g[1]; });
    if (S.screen === 'today') { renderDuty(); }
  }

  /* ---- duties ---- */
  function dutyFor(kind, now) {
    var ds = (S.duties && S.duties.duties) || [], best = null, bestGap = Infinity;
    ds.forEach(function (d) {
      var s = Date.parse(d.start), e = Date.parse(d.end), gap;
      if (kind === 'in' && s - 7200000 <= now && now < e) { gap = Math.abs(s - now); }
      else if (kind === 'out' && s <= now && now < e + 7200000) { gap = Math.abs(e - now); }
      else { return; }
      if (gap < bestGap) { best = d; bestGap = gap; }
    });
    return best;
  }
  function renderDuty() {
    var data = S.duties, box = $('duty'), now = Date.now();
    if (!data) { box.innerHTML = ''; return; }
    var ds = data.duties || [], today = data.today;
    var cur = ds.filter(function (d) { return Date.parse(d.end) + 7200000 > now && d.start.slice(0, 10) <= today; })[0];
    var later = ds.filter(function (d) { return d !== cur && Date.parse(d.start) > now; });
    if (!cur && later.length && later[0].start.slice(0, 10) === today) { cur = later.shift(); }
    var html = '';
    if (cur) {
      var isNow = Date.parse(cur.start) - 7200000 <= now && now < Date.parse(cur.end);
      var p = cur.post, extra = [];
      if (p.radius_m) { extra.push(t('radius', { r: Math.round(p.radius_m) })); }
      if (Geo.last && p.lon != null) { extra.push(t('distance', { d: Math.round(metres(Geo.last, p)) })); }
      html = '<div class="card duty"><span class="badge' + (isNow ? ' now' : '') + '">' + t(isNow ? 'current' : 'upcoming') + '</span>' +
        '<span class="badge">' + t('kind_' + p.kind) + '</span><div class="post">' + esc(p.name) + ' <small class="muted">' + esc(p.code) + '</small></div>' +
        '<div class="when">' + dayLabel(cur.start, today) + ' ' + hhmm(cur.start) + '–' + hhmm(cur.end) + '</div>' +
        '<div>' + (cur.teammates.length ? t('teammates') + esc(cur.teammates.join('、')) : t('alone')) + '</div>' +
        (extra.length ? '<div class="muted">' + extra.join(' · ') + '</div>' : '') + '</div>';
    } else {
      html = '<div class="card">' + t('noDutyToday') + '</div>';
    }
    box.innerHTML = html;
    $('next').innerHTML = later.length ? later.map(function (d) {
      return '<li><b>' + dayLabel(d.start, today) + ' ' + hhmm(d.start) + '–' + hhmm(d.end) + '</b> ' + esc(d.post.name) +
        '<small>' + t('kind_' + d.post.kind) + ' · ' + (d.teammates.length ? t('teammates') + esc(d.teammates.join('、')) : t('alone')) + '</small></li>';
    }).join('') : '<li class="muted">' + t('noDutyNext') + '</li>';
    var offline = navigator.onLine === false || (data.savedAt && now - data.savedAt > 600000);
    $('cached').textContent = offline && data.savedAt ? t('cachedAt', { t: clock(data.savedAt) }) : '';
    renderDone();
  }
  function renderDone() {
    var server = {}, recs = {};
    ((S.duties && S.duties.checkins_today) || []).forEach(function (c) { server[c.id] = c; });
    S.rows.forEach(function (r) { recs[r.key] = r; });
    var dayStart = new Date(); dayStart.setHours(0, 0, 0, 0);
    var mine = S.done.filter(function (d) { return d.at >= dayStart.getTime(); });
    $('done').innerHTML = mine.slice().reverse().map(function (d) {
      var st = server[d.id] ? server[d.id].status : (recs[d.id] ? (recs[d.id].state === 'rejected' ? 'rejected' : 'pending') : 'sent');
      var label = server[d.id] ? t(st) : t('st_' + st);
      return '<li><span class="tag ' + st + '">' + esc(label) + '</span><b>' + t('k_' + d.kind) + '</b> ' + clock(d.at) +
        '<small>±' + d.acc + ' m' + (d.poor ? ' · ' + t('poorMark', { a: d.acc }) : '') + '</small></li>';
    }).join('');
  }

  /* ---- check-in / check-out ---- */
  function checkin(kind) {
    var btn = $(kind === 'in' ? 'btn-in' : 'btn-out');
    btn.disabled = true;
    Geo.fix(15000).then(function (fix) {
      var now = Date.now(), duty = dutyFor(kind, now), poor = fix.acc > limit();
      var item = { id: Outbox.uuid(), staff_id: S.staff.id, crs: POSITIONS, kind: kind, recorded_at: new Date(now).toISOString(),
        lon: fix.lon, lat: fix.lat, accuracy_m: fix.acc };
      if (duty) { item.assignment_id = duty.assignment_id; }
      S.done.push({ id: item.id, kind: kind, at: now, acc: fix.acc, poor: poor });
      S.done = S.done.filter(function (d) { return now - d.at < 2 * 86400000; }); save('done', S.done);
      return Outbox.add('checkin', item, { poor: poor }).then(function () {
        toast(t(kind === 'in' ? 'checkedIn' : 'checkedOut') + (poor ? ' · ' + t('poorMark', { a: fix.acc }) : '') +
          (navigator.onLine === false ? ' · ' + t('queued') : ''));
        if (kind === 'out') { Patrol.stop(); }
        if (kind === 'in' && duty && duty.post.kind === 'village' && !Patrol.s.on) { Patrol.start(); }
      });
    }, function (err) {
      toast(t('needFix') + ' ' + (err === 'denied' ? '' : t('geoUnavailable')));
    }).then(function () { btn.disabled = false; renderAll(); });
  }

  /* ---- hazard report ---- */
  function shrink(file) {
    return new Promise(function (resolve) {
      if (!file || !/^image\//.test(file.type) || !global.URL) { resolve(file); return; }
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () {
        var big = Math.max(img.naturalWidth, img.naturalHeight), scale = Math.min(1, 1600 / big);
        if (scale === 1 && file.size < 700000 && /jpeg|png/.test(file.type)) { URL.revokeObjectURL(url); resolve(file); return; }
        var c = document.createElement('canvas');
        c.width = Math.round(img.naturalWidth * scale); c.height = Math.round(img.naturalHeight * scale);
        c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
        c.toBlob(function (b) { URL.revokeObjectURL(url); resolve(b && b.size ? b : file); }, 'image/jpeg', 0.8);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }
  /* A fix for a record that counts without one too (reports, visits): null when there is none. */
  function locate() {
    var fixed = Geo.error === 'denied' ? Promise.reject('denied') : Geo.fix(30000, 10000);
    return fixed.then(function (f) { return f; }, function () { return null; });
  }
  function fixMarks(fix) {
    return (fix ? (fix.acc > limit() ? ' · ' + t('poorMark', { a: fix.acc }) : '') : ' · ' + t('noLocMark')) +
      (navigator.onLine === false ? ' · ' + t('queued') : '');
  }
  function report() {
    if (!S.category) { toast(t('pickCategory')); return; }
    var btn = $('btn-report'); btn.disabled = true;
    locate().then(function (fix) {
      var note = !fix ? t('descNoLoc') : (fix.acc > limit() ? t('descPoor', { a: fix.acc }) : '');
      var desc = $('desc').value.trim();
      var item = { id: Outbox.uuid(), staff_id: S.staff.id, crs: POSITIONS, category: S.category, recorded_at: new Date().toISOString(),
        description: (desc + (note ? ' ' + note : '')).trim(), people_reached: Math.max(0, parseInt($('people').value, 10) || 0) };
      if (fix) { item.lon = fix.lon; item.lat = fix.lat; }
      return shrink(S.photo).then(function (blob) {
        var photo = blob ? Outbox.add('photo', null, { blob: blob, hazardId: item.id, state: 'held', fileName: /png/.test(blob.type) ? 'photo.png' : 'photo.jpg' }) : Promise.resolve();
        return photo.then(function () { return Outbox.add('hazard', item, { noLocation: !fix, poor: !!fix && fix.acc > limit() }); });
      }).then(function () {
        toast(t('reported') + fixMarks(fix));
        S.category = null; S.photo = null; $('desc').value = ''; $('people').value = '0'; $('photo').value = '';
        $('photo-name').textContent = ''; applyLang();
      });
    }).then(function () { btn.disabled = false; });
  }

  /* ---- household visit (入户走访): GPS when there is a fix, through the outbox like the rest ---- */
  function visit() {
    var household = $('v-household').value.trim(), village = parseInt($('v-village').value, 10) || null;
    if (!S.purpose) { toast(t('pickPurpose')); return; }
    if (!household && !village) { toast(t('needPlace')); return; }
    var btn = $('btn-visit'); btn.disabled = true;
    locate().then(function (fix) {
      var item = { id: Outbox.uuid(), staff_id: S.staff.id, crs: POSITIONS, visited_at: new Date().toISOString(), household: household,
        purpose: S.purpose, findings: $('v-findings').value.trim(), disputes_found: Math.max(0, parseInt($('v-disputes').value, 10) || 0) };
      if (village) { item.village_id = village; }
      if (fix) { item.lon = fix.lon; item.lat = fix.lat; item.accuracy_m = fix.acc; }
      return Outbox.add('visit', item, { noLocation: !fix, poor: !!fix && fix.acc > limit() }).then(function () {
        toast(t('visited') + fixMarks(fix));
        S.purpose = null; $('v-household').value = ''; $('v-findings').value = ''; $('v-disputes').value = '0'; applyLang();
      });
    }).then(function () { btn.disabled = false; });
  }
  var villagesShown = null;
  function renderVillages() {
    var vs = (S.duties && S.duties.villages) || [], sel = $('v-village'), keep = sel.value;
    var html = '<option value="">' + esc(t('noVillage')) + '</option>' + vs.map(function (v) {
      return '<option value="' + esc(v.id) + '">' + esc(v.name) + '</option>';
    }).join('');
    $('v-village-row').hidden = !vs.length;
    if (html !== villagesShown) { villagesShown = html; sel.innerHTML = html; sel.value = keep; }
  }

  /* ---- patrol ---- */
  var Patrol = { s: load('patrol', { on: false }), lock: null };
  Patrol.save = function () { save('patrol', Patrol.s); };
  Patrol.start = function () {
    Patrol.s = { on: true, startedAt: Date.now(), dist: 0, count: 0, buf: [], bufStart: Date.now(), last: null };
    Patrol.save(); Geo.watch(); Patrol.wake(); toast(t('patrolOn'));
    if (Geo.last && Date.now() - Geo.last.t < 10000) { Patrol.point(Geo.last); }
    renderPatrol();
  };
  Patrol.wake = function () {
    if (Patrol.s.on && navigator.wakeLock && document.visibilityState === 'visible') {
      navigator.wakeLock.request('screen').then(function (l) { Patrol.lock = l; }, function () {});
    }
  };
  Patrol.point = function (fix) {
    var s = Patrol.s;
    if (!s.on) { return; }
    var last = s.last, dt = last ? fix.t - last.t : Infinity, d = last ? metres(last, fix) : 0;
    if (last && !(dt >= patrolConfig.maxIntervalS * 1000 || (dt >= patrolConfig.minIntervalS * 1000 && d >= patrolConfig.minMoveM))) { return; }
    s.buf.push([fix.lon, fix.lat, new Date(fix.t).toISOString(), fix.acc]);
    s.count += 1;
    if (last && fix.acc <= limit() && last.acc <= limit()) { s.dist += d; }  // poor fixes would add jitter
    s.last = fix;
    if (s.buf.length >= patrolConfig.chunkPoints) { Patrol.chunk(); }
    Patrol.save(); renderPatrol();
  };
  /* Every second while patrolling: the clock, a chunk when it is old enough, and a point even when
   * the phone stands still (some browsers stop calling watchPosition then). */
  Patrol.tick = function () {
    var s = Patrol.s, now = Date.now();
    if (!s.on) { return; }
    renderPatrol();
    if (s.buf.length && now - s.bufStart >= patrolConfig.chunkS * 1000) { Patrol.chunk(); }
    if (!Patrol.asking && (!s.last || now - s.last.t >= patrolConfig.maxIntervalS * 1000)) {
      Patrol.asking = true;
      Geo.fix(1000).then(Patrol.point, function () {}).then(function () { Patrol.asking = false; });
    }
  };
  Patrol.chunk = function () {
    var s = Patrol.s;
    if (!s.buf || !s.buf.length || !S.staff) { return; }
    Outbox.add('track', { id: Outbox.uuid(), staff_id: S.staff.id, crs: POSITIONS, points: s.buf });
    s.buf = []; s.bufStart = Date.now(); Patrol.save();
  };
  Patrol.stop = function (quiet) {
    if (!Patrol.s.on) { return; }
    Patrol.chunk(); Patrol.s.on = false; Patrol.s.endedAt = Date.now(); Patrol.save();
    if (Patrol.lock) { Patrol.lock.release(); Patrol.lock = null; }
    if (!quiet) { toast(t('patrolStopped')); }
    renderPatrol();
  };
  function renderPatrol() {
    var s = Patrol.s, end = s.on ? Date.now() : (s.endedAt || s.startedAt || 0), sec = s.startedAt ? Math.floor((end - s.startedAt) / 1000) : 0;
    $('p-dist').textContent = ((s.dist || 0) / 1000).toFixed(2);
    $('p-time').textContent = Math.floor(sec / 3600) + ':' + ('0' + Math.floor(sec / 60) % 60).slice(-2) + ':' + ('0' + sec % 60).slice(-2);
    $('p-pts').textContent = s.count || 0;
    var b = $('btn-patrol'); b.textContent = t(s.on ? 'patrolStop' : 'patrolStart'); b.className = 'huge ' + (s.on ? 'stop' : 'go');
  }

  /* ---- outbox view ---- */
  function itemLabel(r) {
    var k = r.kind === 'checkin' ? 'k_' + r.item.kind : 'k_' + r.kind, at = r.item && (r.item.recorded_at || r.item.visited_at);
    var when = at ? Date.parse(at) : r.createdAt;
    var cat = r.kind === 'hazard' ? ' ' + label(CATS, r.item.category) : r.kind === 'visit' ? ' ' + label(PURPOSES, r.item.purpose) + ' ' + r.item.household : '';
    var marks = (r.poor ? ' · ' + t('poorMark', { a: r.item.accuracy_m != null ? r.item.accuracy_m : '?' }) : '') + (r.noLocation ? ' · ' + t('noLocMark') : '');
    return t(k) + cat + ' ' + clock(when) + marks;
  }
  function renderQueue() {
    var waiting = S.rows.filter(function (r) { return r.state !== 'rejected'; }), rejected = S.rows.filter(function (r) { return r.state === 'rejected'; });
    var offline = navigator.onLine === false;
    $('q-badge').textContent = waiting.length || '';
    var net = $('net');
    net.hidden = !offline && !waiting.length;
    net.className = 'bar' + (offline ? ' off' : '');
    net.textContent = offline ? (waiting.length ? t('offlineWaiting', { n: waiting.length }) : t('offline')) : t('waiting', { n: waiting.length });
    $('q-summary').textContent = waiting.length ? t('waiting', { n: waiting.length }) : t('allSent');
    $('q-list').innerHTML = S.rows.map(function (r) {
      var st = r.state === 'rejected' ? t('st_rejected') : r.state === 'held' ? t('st_held') : r.attempts ? t('st_retry', { n: r.attempts }) : t('st_pending');
      return '<li class="' + (r.state === 'rejected' ? 'rej' : '') + '"><span class="tag ' + (r.state === 'rejected' ? 'rejected' : '') + '">' + esc(st) + '</span>' +
        esc(itemLabel(r)) + (r.reason ? '<small>' + esc(r.reason) + '</small><button type="button" data-dismiss="' + esc(r.key) + '">' + t('dismiss') + '</button>' : '') + '</li>';
    }).join('');
    renderAlerts();
  }
  function renderAlerts() {
    var rejected = S.rows.filter(function (r) { return r.state === 'rejected'; });
    var html = rejected.map(function (r) {
      return '<div class="alert"><b>' + t('rejectedN') + '</b><br>' + esc(itemLabel(r)) + '<br><span class="reason">' + esc(r.reason) + '</span><br>' +
        '<button type="button" data-dismiss="' + esc(r.key) + '">' + t('dismiss') + '</button></div>';
    }).concat(extraAlerts.map(function (m, i) {
      return '<div class="alert">' + esc(m) + '<br><button type="button" data-dismiss-msg="' + i + '">' + t('dismiss') + '</button></div>';
    }));
    $('alerts').innerHTML = html.join('');
  }
  function renderAll() {
    $('who').textContent = S.staff && S.token ? S.staff.name + ' ' + S.staff.id : '';
    renderQueue(); renderPatrol(); renderGeo(); renderVillages();
  }

  /* ---- start ---- */
  var started = false;
  function start() {
    show('today');
    Outbox.configure({ api: API, token: function () { return S.token; }, onUnauthorized: signedOut });
    if (!started) {
      started = true;
      Geo.watch();
      setInterval(Patrol.tick, 1000);
      setInterval(function () { Outbox.flush(); }, 30000);
      setInterval(function () { if (document.visibilityState === 'visible') { refreshDuties(); } }, 300000);
    }
    refreshDuties(); Outbox.flush();
  }

  function bind() {
    $('lang').onclick = function () { S.lang = S.lang === 'zh' ? 'en' : 'zh'; save('lang', S.lang); applyLang(); };
    $('tabs').onclick = function (e) { var b = e.target.closest('button'); if (b) { show(b.getAttribute('data-s')); } };
    $('btn-in').onclick = function () { checkin('in'); };
    $('btn-out').onclick = function () { checkin('out'); };
    $('btn-report').onclick = report;
    $('btn-visit').onclick = visit;
    $('btn-patrol').onclick = function () { if (Patrol.s.on) { Patrol.stop(); } else { Patrol.start(); } };
    $('btn-send').onclick = function () { Outbox.retryNow(); };
    $('cats').onclick = function (e) { var b = e.target.closest('button'); if (b) { S.category = b.getAttribute('data-cat'); applyLang(); } };
    $('purposes').onclick = function (e) { var b = e.target.closest('button'); if (b) { S.purpose = b.getAttribute('data-purpose'); applyLang(); } };
    Array.prototype.forEach.call(document.querySelectorAll('.stepper'), function (box) {
      var input = box.querySelector('input'), b = box.querySelectorAll('button');
      b[0].onclick = function () { input.value = Math.max(0, (parseInt(input.value, 10) || 0) - 1); };
      b[1].onclick = function () { input.value = (parseInt(input.value, 10) || 0) + 1; };
    });
    $('photo').onchange = function () { S.photo = this.files[0] || null; $('photo-name').textContent = S.photo ? t('photoAdded', { n: S.photo.name }) : ''; };
    document.body.addEventListener('click', function (e) {
      var k = e.target.getAttribute && e.target.getAttribute('data-dismiss');
      if (k) { Outbox.dismiss(k); }
      var m = e.target.getAttribute && e.target.getAttribute('data-dismiss-msg');
      if (m) { extraAlerts.splice(+m, 1); renderAlerts(); }
    });
    global.addEventListener('online', function () { refreshDuties(); renderAll(); });
    global.addEventListener('offline', renderAll);
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') { Patrol.wake(); Outbox.flush(); } });
    var sentBefore = {};
    Outbox.onChange(function (rows) {
      var gone = Object.keys(sentBefore).some(function (k) { return !rows.some(function (r) { return r.key === k; }); });
      sentBefore = {};
      rows.forEach(function (r) { if (r.kind === 'checkin' && r.state === 'pending') { sentBefore[r.key] = true; } });
      S.rows = rows; renderQueue(); if (S.screen === 'today') { renderDone(); }
      if (gone) { setTimeout(refreshDuties, 1500); setTimeout(refreshDuties, 5000); }
    });
  }

  function init() {
    bind(); applyLang();
    if ('serviceWorker' in navigator) { navigator.serviceWorker.register('sw.js').catch(function () {}); }
    var m = /[#&]signin=([^&]+)/.exec(location.hash);
    if (m) { history.replaceState(null, '', location.pathname + location.search); signIn(decodeURIComponent(m[1])); return; }
    if (S.token && S.staff) { start(); } else { show('signin'); }
  }
  global.fieldops = { patrolConfig: patrolConfig, Geo: Geo, Patrol: Patrol, state: S, refreshDuties: refreshDuties };
  init();
})(window);
