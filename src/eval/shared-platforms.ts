/**
 * Registrable domains (ICANN section) whose hosts are not registrations: phishing pages that sit on
 * a shared platform's own domain, a URL shortener or a redirector. A registrar never sees these as
 * a new registration, so they are left out of the evaluation (../shared/data/README.md).
 *
 * Hosts under a PSL PRIVATE suffix (duckdns.org, workers.dev, pages.dev, web.app, firebaseapp.com,
 * herokuapp.com, github.io, netlify.app, vercel.app, azurewebsites.net, web.core.windows.net,
 * cloudfront.net, r2.dev, ngrok.io, sakura.ne.jp, blogspot.com…) are dropped separately by the
 * dataset builder; they are listed here too so that the platform's own apex (`duckdns.org` itself)
 * and older PSL snapshots are covered. The rest were chosen by counting, in the 2019–2022 data,
 * which registrable domains carry many distinct hosts and recognising the platforms among them
 * (counts of distinct hosts in parentheses).
 */
const SHARED_PLATFORM_DOMAINS: ReadonlyMap<string, string> = new Map([
  // Dynamic DNS and tunnels: anyone gets a host name under them for free.
  ['duckdns.org', 'dynamic DNS (7,703 URLs in 2019–2022, PSL private)'],
  ['ddns.net', 'No-IP dynamic DNS (PSL private)'],
  ['hopto.org', 'No-IP dynamic DNS (PSL private)'],
  ['zapto.org', 'No-IP dynamic DNS (PSL private)'],
  ['ngrok.io', 'tunnel to a local server (PSL private)'],
  ['ngrok-free.app', 'tunnel to a local server (PSL private)'],
  ['ngrok.app', 'tunnel to a local server (PSL private)'],
  ['trycloudflare.com', 'Cloudflare quick tunnel'],
  // Application and static hosting on the provider's own domain.
  ['workers.dev', 'Cloudflare Workers (PSL private)'],
  ['pages.dev', 'Cloudflare Pages (PSL private)'],
  ['r2.dev', 'Cloudflare R2 object storage (PSL private)'],
  ['web.app', 'Firebase Hosting (PSL private)'],
  ['firebaseapp.com', 'Firebase Hosting (PSL private)'],
  ['page.link', 'Firebase Dynamic Links redirector (14 hosts)'],
  ['appspot.com', 'Google App Engine (PSL private)'],
  ['googleapis.com', 'Google Cloud Storage, storage.googleapis.com (PSL private)'],
  ['google.com', 'Google Sites, Docs and Forms pages (sites.google.com, docs.google.com)'],
  ['herokuapp.com', 'Heroku apps (PSL private)'],
  ['000webhostapp.com', 'free web hosting (44 hosts)'],
  ['glitch.me', 'Glitch apps (30 hosts)'],
  ['repl.co', 'Replit apps'],
  ['netlify.app', 'Netlify (PSL private)'],
  ['vercel.app', 'Vercel (PSL private)'],
  ['azurewebsites.net', 'Azure App Service (PSL private)'],
  ['windows.net', 'Azure storage and static sites (*.web.core.windows.net, *.blob.core.windows.net)'],
  ['azurefd.net', 'Azure Front Door (PSL private)'],
  ['amazonaws.com', 'AWS S3 and other endpoints'],
  ['cloudfront.net', 'AWS CloudFront (PSL private)'],
  ['sharepoint.com', 'Microsoft SharePoint/OneDrive tenant sites'],
  ['live.com', 'onedrive.live.com shared files'],
  ['1drv.ms', 'OneDrive share links'],
  ['github.io', 'GitHub Pages (PSL private)'],
  // Site builders and shops on the builder's domain.
  ['weebly.com', 'Weebly sites (22 hosts)'],
  ['weeblysite.com', 'Weebly sites'],
  ['wixsite.com', 'Wix sites (PSL private)'],
  ['square.site', 'Square Online shops'],
  ['myshopify.com', 'Shopify shops (PSL private)'],
  ['godaddysites.com', 'GoDaddy website builder'],
  // Shared-hosting servers' own names (the customer's account, not a registration).
  ['secureserver.net', 'GoDaddy cPanel server names (57 hosts)'],
  ['webstarterz.com', 'shared-hosting server names (38 hosts)'],
  ['mixh.jp', 'mixhost initial domains (129 hosts)'],
  ['xsrv.jp', 'Xserver initial domains (12 hosts)'],
  ['lolipop.jp', 'Lolipop! initial domains'],
  ['heteml.jp', 'heteml initial domains'],
  // Mail click tracking and link hubs: a redirect, not the phishing site.
  ['sendgrid.net', 'SendGrid click-tracking links (42 hosts)'],
  ['app.link', 'Branch deep-link redirector'],
  ['linktr.ee', 'link-in-bio pages'],
  // URL shorteners.
  ['bit.ly', 'URL shortener'],
  ['t.co', 'URL shortener (Twitter/X)'],
  ['tinyurl.com', 'URL shortener'],
  ['is.gd', 'URL shortener'],
  ['cutt.ly', 'URL shortener'],
  ['rebrand.ly', 'URL shortener'],
  ['ow.ly', 'URL shortener'],
  ['goo.gl', 'URL shortener'],
  ['shorturl.at', 'URL shortener'],
  ['rb.gy', 'URL shortener'],
  ['t.ly', 'URL shortener'],
  ['x.gd', 'URL shortener'],
  ['buff.ly', 'URL shortener'],
  ['qrco.de', 'QR-code redirector'],
]);

/** Blogger: `blogspot.com`, `blogspot.jp`, `blogspot.co.uk`… (all PSL private as well). */
const BLOGSPOT = /^blogspot\./;

/** The platform a registrable domain belongs to, if it is one. */
export function sharedPlatformOf(registrableDomain: string): string | undefined {
  return SHARED_PLATFORM_DOMAINS.get(registrableDomain) ?? (BLOGSPOT.test(registrableDomain) ? 'Blogger' : undefined);
}
