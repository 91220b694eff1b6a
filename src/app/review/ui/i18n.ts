/** The reviewer UI's two languages. */
export type Lang = 'ja' | 'en';

const MESSAGES = {
  title: { en: 'shinsa review', ja: 'shinsa 審査' },
  queue: { en: 'Queue', ja: 'キュー' },
  metrics: { en: 'Metrics', ja: '指標' },
  accounts: { en: 'Accounts', ja: 'アカウント' },
  logout: { en: 'Log out', ja: 'ログアウト' },
  login: { en: 'Log in', ja: 'ログイン' },
  loginName: { en: 'Login', ja: 'ログイン名' },
  password: { en: 'Password', ja: 'パスワード' },
  loginFailed: { en: 'Login or password is wrong, or the account is disabled.', ja: 'ログイン名かパスワードが違うか、アカウントが無効です。' },
  signedInAs: { en: 'Signed in as', ja: 'ログイン中：' },
  state: { en: 'State', ja: '状態' },
  outcome: { en: 'Outcome', ja: '判定' },
  score: { en: 'Score', ja: 'スコア' },
  due: { en: 'Due', ja: '期限' },
  domain: { en: 'Domain', ja: 'ドメイン' },
  registrar: { en: 'Registrar', ja: '登録事業者' },
  reasons: { en: 'Reasons', ja: '理由' },
  claimedBy: { en: 'Claimed by', ja: '担当' },
  signal: { en: 'Signal or reason code', ja: 'シグナル・理由コード' },
  breachedOnly: { en: 'SLA breached only', ja: 'SLA 超過のみ' },
  filter: { en: 'Filter', ja: '絞り込み' },
  any: { en: 'any', ja: 'すべて' },
  active: { en: 'not decided', ja: '未決定' },
  all: { en: 'all', ja: '全件' },
  breached: { en: 'SLA breached', ja: 'SLA 超過' },
  showing: { en: 'Showing {shown} of {total}', ja: '{total} 件中 {shown} 件を表示' },
  noCases: { en: 'No cases match.', ja: '該当する案件はありません。' },
  shortcuts: { en: 'Keys: j / k move, Enter opens, c claims', ja: 'キー：j / k で移動、Enter で開く、c で担当' },
  claim: { en: 'Claim', ja: '担当する' },
  release: { en: 'Release', ja: '担当を外す' },
  case: { en: 'Case', ja: '案件' },
  application: { en: 'Application', ja: '申込' },
  assessment: { en: 'Assessment', ja: '判定内容' },
  points: { en: 'Points', ja: '点' },
  reason: { en: 'Reason', ja: '理由' },
  detail: { en: 'Detail', ja: '詳細' },
  rule: { en: 'Rule', ja: 'ルール' },
  linked: { en: 'Linked applications', ja: '関連する申込' },
  shares: { en: 'Shares', ja: '共通項目' },
  label: { en: 'Label', ja: 'ラベル' },
  received: { en: 'Received', ja: '受付' },
  noLinked: { en: 'No earlier application shares its details.', ja: '登録情報を共有する過去の申込はありません。' },
  timeline: { en: 'Timeline', ja: '経過' },
  ekyc: { en: 'eKYC', ja: 'eKYC' },
  ekycMethod: { en: 'Method', ja: '方式' },
  requestEkyc: { en: 'Request eKYC', ja: 'eKYC を依頼' },
  ekycNone: { en: 'No eKYC requested yet.', ja: 'eKYC は未依頼です。' },
  verificationLink: { en: 'Verification link', ja: '確認用リンク' },
  vendorReference: { en: 'Vendor reference', ja: 'ベンダー参照番号' },
  checks: { en: 'Checks', ja: '確認項目' },
  passed: { en: 'passed', ja: '合格' },
  failed: { en: 'failed', ja: '不合格' },
  decision: { en: 'Decision', ja: '決定' },
  approve: { en: 'Approve', ja: '承認' },
  reject: { en: 'Reject', ja: '却下' },
  note: { en: 'Note', ja: 'メモ' },
  decide: { en: 'Decide', ja: '決定する' },
  escalate: { en: 'Escalate to a lead', ja: 'リーダーにエスカレーション' },
  returnToQueue: { en: 'Return to the queue', ja: 'キューに戻す' },
  fourEyes: {
    en: 'Approving what the engine held or denied needs a second reviewer: your approval becomes a proposal a lead confirms.',
    ja: 'エンジンが保留・拒否した申込の承認には二人目の確認が必要です。承認は提案となり、リーダーが確定します。',
  },
  proposal: { en: 'Proposal waiting for a second reviewer', ja: '二人目の確認待ちの提案' },
  proposedBy: { en: 'proposed by', ja: '提案者' },
  decided: { en: 'Decided', ja: '決定済み' },
  campaign: { en: 'Campaign: decide all cases sharing one detail', ja: 'キャンペーン：同じ登録情報を共有する案件を一括決定' },
  openCases: { en: 'undecided cases', ja: '件の未決定案件' },
  bulkDecide: { en: 'Decide all', ja: '一括決定' },
  bulkDone: { en: '{decided} decided, {awaiting} awaiting a second reviewer, {skipped} skipped (claimed by someone else)', ja: '決定 {decided} 件、二人目の確認待ち {awaiting} 件、スキップ {skipped} 件（他の担当者が対応中）' },
  backlog: { en: 'Backlog', ja: '未決定件数' },
  breachedNow: { en: 'SLA breached now', ja: '現在の SLA 超過' },
  decisionsPerDay: { en: 'Decisions per day (JST, last 14 days)', ja: '日別の決定件数（日本時間・直近 14 日）' },
  day: { en: 'Day', ja: '日付' },
  approved: { en: 'Approved', ja: '承認' },
  rejected: { en: 'Rejected', ja: '却下' },
  timeToDecision: { en: 'Time to decision (last 30 days)', ja: '決定までの時間（直近 30 日）' },
  median: { en: 'Median', ja: '中央値' },
  p90: { en: '90th percentile', ja: '90 パーセンタイル' },
  hours: { en: 'h', ja: '時間' },
  decidedLate: { en: 'Decided after the due time (last 30 days)', ja: '期限超過で決定（直近 30 日）' },
  addAccount: { en: 'Add an account', ja: 'アカウントを追加' },
  role: { en: 'Role', ja: '役割' },
  displayName: { en: 'Name', ja: '表示名' },
  disable: { en: 'Disable', ja: '無効にする' },
  enable: { en: 'Enable', ja: '有効にする' },
  disabled: { en: 'disabled', ja: '無効' },
  newPassword: { en: 'Password for {login} (shown once): {password}', ja: '{login} のパスワード（一度だけ表示）：{password}' },
  error: { en: 'Something is not right', ja: 'エラー' },
  back: { en: 'Back', ja: '戻る' },
  personalData: { en: 'Personal data: this view is recorded in the audit log.', ja: '個人情報：この閲覧は監査ログに記録されます。' },
  signupNetwork: { en: 'Signup network (IP, source port, time)', ja: '申込時のネットワーク（IP・送信元ポート・時刻）' },
  rulesVersion: { en: 'Rules version', ja: 'ルールのバージョン' },
  language: { en: '日本語', ja: 'English' },
} as const;

export type MessageKey = keyof typeof MESSAGES;

export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  let text: string = MESSAGES[key][lang];
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

const STATE_NAMES: Readonly<Record<string, { en: string; ja: string }>> = {
  open: { en: 'open', ja: '未着手' },
  claimed: { en: 'claimed', ja: '対応中' },
  ekyc_pending: { en: 'waiting for eKYC', ja: 'eKYC 待ち' },
  escalated: { en: 'escalated', ja: 'エスカレーション' },
  decided: { en: 'decided', ja: '決定済み' },
  allow: { en: 'allow', ja: '許可' },
  review: { en: 'review', ja: '要確認' },
  hold: { en: 'hold', ja: '保留' },
  deny: { en: 'deny', ja: '拒否' },
  approved: { en: 'approved', ja: '承認' },
  rejected: { en: 'rejected', ja: '却下' },
  fraud: { en: 'fraud', ja: '不正' },
  legitimate: { en: 'legitimate', ja: '正当' },
  requested: { en: 'requested', ja: '依頼済み' },
  passed: { en: 'passed', ja: '合格' },
  failed: { en: 'failed', ja: '不合格' },
  cancelled: { en: 'cancelled', ja: '取消' },
  expired: { en: 'expired', ja: '期限切れ' },
  reviewer: { en: 'reviewer', ja: '審査担当' },
  lead: { en: 'lead', ja: 'リーダー' },
  admin: { en: 'admin', ja: '管理者' },
};

/** A state, outcome, verdict or role in the UI language (unknown words are shown as they are). */
export function word(lang: Lang, value: string): string {
  return STATE_NAMES[value]?.[lang] ?? value;
}

/** ja when asked for (`?lang=`, then the cookie), else from Accept-Language, else English. */
export function pickLang(query: unknown, cookie: unknown, acceptLanguage: unknown): Lang {
  for (const candidate of [query, cookie]) if (candidate === 'ja' || candidate === 'en') return candidate;
  return typeof acceptLanguage === 'string' && /^\s*ja\b/i.test(acceptLanguage) ? 'ja' : 'en';
}
