// The browser interface in Debian's Chromium (playwright-core, no browser download): the
// guide's CentreWare Internet Services procedures a person does, each checked by what the page
// then shows, axe-core on every page (no serious or critical violations), no horizontal
// scrolling from 360 px to 1440 px, and a screenshot of every page.
//
// Environment: CWIS_URL (https://127.0.0.1:PORT), KO_OTP (the Key Operator's one-time
// password), SCREENSHOTS (a directory), PRINT_AS (a command that prints one held job:
// `PRINT_AS USER PASSWORD JOB_NAME`), ADD_USER (`ADD_USER LOGIN PASSWORD`, the maintenance
// tool). Exit status 0 when every step passed.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const base = process.env.CWIS_URL;
const shots = process.env.SCREENSHOTS;
const axeSource = fs.readFileSync(
  new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
fs.mkdirSync(shots, { recursive: true });

const koPassword = "Ko-chosen-" + Math.random().toString(36).slice(2, 10);
const danaPassword = "Dana-pass-" + Math.random().toString(36).slice(2, 10);
let failures = 0;
let step = "start";

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync"],
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport,
                                             acceptDownloads: true });
  const page = await context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.errors = errors;
  return page;
}

// axe-core on the page: no serious or critical violations. The CSP blocks inline scripts, not
// page.evaluate.
const audited = new Set();
async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) {
    console.error(`axe ${name}: ${v.id} (${v.impact}): ${v.help} at ` +
                  v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", "));
  }
  check(bad.length === 0, `${name}: ${bad.length} serious or critical accessibility violations`);
  // No CSP violations or script errors in the console.
  check(page.errors.length === 0, `${name}: console errors: ${page.errors.join("; ")}`);
  audited.add(name);
}

async function shoot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function visit(page, url, name) {
  const response = await page.goto(base + url);
  check(response.ok(), `${url}: HTTP ${response.status()}`);
  await accessible(page, name);
  await shoot(page, name);
}

async function logIn(page, user, password) {
  await page.goto(base + "/login.html");
  await page.fill("#user", user);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]:has-text('Log In')")]);
}

async function run(name, body) {
  step = name;
  try {
    await body();
    console.log(`PASS ${name}`);
  } catch (e) {
    failures++;
    console.error(`FAIL ${name}: ${e.message}`);
  }
}

const ko = await newPage();

await run("the Key Operator's first login forces a new password", async () => {
  await ko.goto(base + "/");
  check(ko.url() === base + "/home/index.html", `/ went to ${ko.url()}`);
  await accessible(ko, "home-logged-out");
  await shoot(ko, "home-logged-out");
  await ko.click("a.button:has-text('Log In')");
  await accessible(ko, "login");
  await shoot(ko, "login");
  await logIn(ko, "admin", process.env.KO_OTP);
  check(ko.url() === base + "/password.html", `after the login: ${ko.url()}`);
  check(await ko.isVisible("text=one-time password"), "no forced-change notice");
  await accessible(ko, "password-forced");
  await shoot(ko, "password-forced");
  await ko.goto(base + "/jobs/index.html");
  check(ko.url() === base + "/password.html", "another page was reachable before the change");
  await ko.fill("#current", process.env.KO_OTP);
  await ko.fill("#next", koPassword);
  await ko.fill("#confirm", koPassword);
  await Promise.all([ko.waitForNavigation(), ko.click("button:has-text('Change Password')")]);
  check(ko.url().endsWith("/login.html?changed=1"), `after the change: ${ko.url()}`);
  await logIn(ko, "admin", koPassword);
  check(ko.url() === base + "/home/index.html", `after the new login: ${ko.url()}`);
  check(await ko.isVisible("text=Software version"), "the home page shows no device status");
  await accessible(ko, "home");
  await shoot(ko, "home");
});

await run("an administrator creates a user", async () => {
  await visit(ko, "/permissions/index.html", "users");
  await ko.fill("#login", "dana");
  await ko.fill("#name", "Dana Scully");
  await ko.selectOption("#role", "general_user");
  await ko.fill("#password", danaPassword);
  await ko.fill("#confirm", danaPassword);
  await Promise.all([ko.waitForNavigation(), ko.click("button:has-text('Add')")]);
  check(await ko.isVisible("text=The account was added."), "no confirmation");
  check(await ko.isVisible("a:has-text('dana')"), "dana is not listed");
  await ko.click("a:has-text('dana')");
  await accessible(ko, "user");
  await shoot(ko, "user");
});

await run("a setting change shows its deviation, and the secure reset clears it", async () => {
  await visit(ko, "/network/index.html", "network");
  const lpd = ko.locator("select[name='s:network.lpd.enabled']");
  await lpd.selectOption("true");
  const form = ko.locator("section#protocols form");
  await Promise.all([ko.waitForNavigation(), form.locator("button:has-text('Save')").click()]);
  check(await ko.isVisible("text=The settings were saved."), "no confirmation");
  check(await ko.isVisible("text=Restart Now"), "no reboot confirmation");
  check(await ko.isVisible("tr.deviates:has-text('LPD')"), "LPD is not marked as deviating");
  await accessible(ko, "network-deviating");
  await shoot(ko, "network-deviating");
  await ko.goto(base + "/home/index.html");
  check(await ko.isVisible("text=LPD deviates from the secure configuration"),
        "the home page shows no deviation notice");
  await shoot(ko, "home-deviation");
  await ko.click("a:has-text('Fix')");
  await ko.goto(base + "/network/index.html");
  await Promise.all([ko.waitForNavigation(),
                     ko.click("button:has-text('Set Every Setting to Its Secure Value')")]);
  check(await ko.isVisible("text=Every setting on this page has its secure value"),
        "still deviating after the secure reset");
  for (const [url, name] of [["/system/index.html", "system"],
                             ["/permissions/settings.html", "permissions-settings"]]) {
    await visit(ko, url, name);
  }
});

await run("a user sees only their own jobs and cancels one", async () => {
  execFileSync(process.env.ADD_USER, ["erin", "Erin-pass-" + Date.now()]);
  const erinPassword = fs.readFileSync(process.env.ERIN_PASSWORD_FILE, "utf8").trim();
  execFileSync(process.env.PRINT_AS, ["dana", danaPassword, "dana-quarterly-report"]);
  execFileSync(process.env.PRINT_AS, ["dana", danaPassword, "dana-travel-claim"]);
  execFileSync(process.env.PRINT_AS, ["erin", erinPassword, "erin-private-letter"]);
  const dana = await newPage();
  await logIn(dana, "dana", danaPassword);
  await visit(dana, "/jobs/index.html", "jobs");
  check(await dana.isVisible("td:has-text('dana-quarterly-report')"), "her job is not listed");
  check(await dana.isVisible("td:has-text('dana-travel-claim')"), "her second job is missing");
  check(!(await dana.isVisible("text=erin-private-letter")), "another user's job is shown");
  check(await dana.locator("table.jobs tbody tr").count() === 2, "rows besides her own jobs");
  check(await dana.isVisible("text=Other users' jobs not shown (Hide Job Details): 1."), "no hidden-jobs count");
  const row = dana.locator("tr:has-text('dana-travel-claim')");
  await Promise.all([dana.waitForNavigation(), row.locator("button:has-text('Delete')").click()]);
  check(await dana.isVisible("text=The job was canceled."), "no confirmation");
  check(!(await dana.isVisible("td:has-text('dana-travel-claim')")), "the job is still active");
  await dana.goto(base + "/jobs/index.html?which=history");
  check(await dana.isVisible("td:has-text('dana-travel-claim')"), "not in the history");
  await accessible(dana, "job-history");
  await shoot(dana, "job-history");
  // A general user is refused the administrator's pages.
  const refused = await dana.goto(base + "/system/index.html");
  check(refused.status() === 403, `System for a general user: HTTP ${refused.status()}`);
  dana.errors.length = 0;  // Chromium logs the page's own 403
  await accessible(dana, "refused");
  await shoot(dana, "refused");
  // Narrow and wide screens: no horizontal scrolling.
  for (const width of [360, 1440]) {
    await dana.setViewportSize({ width, height: 800 });
    await dana.goto(base + "/jobs/index.html");
    const overflow = await dana.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) {
      const wide = await dana.evaluate(() => [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth && !e.closest(".scroll"))
        .slice(0, 8).map((e) => `${e.tagName}.${e.className}:${Math.round(e.getBoundingClientRect().right)}`).join(", ") + " html:" + document.documentElement.scrollWidth + " main:" + document.querySelector("main").getBoundingClientRect().right + " header:" + document.querySelector("header").scrollWidth);
      await shoot(dana, `jobs-${width}px`);
      check(false, `${width} px: the page scrolls sideways by ${overflow} px (${wide})`);
    }
    await shoot(dana, `jobs-${width}px`);
  }
  await dana.context().close();
});

await run("an administrator makes a new self-signed certificate", async () => {
  await visit(ko, "/system/certificates.html", "certificates");
  const before = await ko.locator("dt:has-text('SHA-256 fingerprint') + dd").innerText();
  await ko.selectOption("#ss-key", "ecdsa-p384");
  await ko.fill("#ss-issuer", "OpenMFP test device");
  await Promise.all([ko.waitForNavigation(), ko.click("section:has(#self-signed) button")]);
  check(await ko.isVisible("text=A new self-signed device certificate is installed"),
        "no confirmation");
  const after = await ko.locator("dt:has-text('SHA-256 fingerprint') + dd").innerText();
  check(after !== before, "the fingerprint did not change");
  check(await ko.isVisible("dd:has-text('OpenMFP test device')"), "the new issuer is not shown");
  check(await ko.isVisible("dd:has-text('P-384')"), "the new key is not shown");
  const [download] = await Promise.all([ko.waitForEvent("download"),
                                        ko.click("a:has-text('Download the Device Certificate')")]);
  const pem = fs.readFileSync(await download.path(), "utf8");
  check(pem.startsWith("-----BEGIN CERTIFICATE-----"), "the download is not a PEM certificate");
  await shoot(ko, "certificates-new");
});

await run("a user creates a folder", async () => {
  const dana = await newPage();
  await logIn(dana, "dana", danaPassword);
  await visit(dana, "/app/folders.html", "folders");
  await dana.fill("#number", "12");
  await dana.fill("#name", "Dana's scans");
  await Promise.all([dana.waitForNavigation(), dana.click("button:has-text('Create')")]);
  check(await dana.isVisible("text=The folder was created."), "no confirmation");
  await Promise.all([dana.waitForNavigation(), dana.click("a:has-text('012')")]);
  check(await dana.isVisible("text=The folder is empty."), "the File List is not shown");
  await accessible(dana, "folder");
  await shoot(dana, "folder");
  await dana.context().close();
  // Another user opening it reads the guide's refusal.
  const erin = await newPage();
  const erinPassword = fs.readFileSync(process.env.ERIN_PASSWORD_FILE, "utf8").trim();
  await logIn(erin, "erin", erinPassword);
  const refused = await erin.goto(base + "/app/folder.html?number=12");
  check(refused.status() === 403, `another user's folder: HTTP ${refused.status()}`);
  check(await erin.isVisible("text=Unable to select because you do not have access"),
        "no refusal text");
  await erin.context().close();
});

await run("an administrator exports the audit log", async () => {
  await visit(ko, "/system/logs.html", "audit-log");
  check(await ko.isVisible("td:has-text('Change Security Setting')"),
        "the settings change is not in the audit log");
  const [download] = await Promise.all([ko.waitForEvent("download"),
                                        ko.click("a:has-text('Export Audit Log')")]);
  const file = await download.path();
  const text = fs.readFileSync(file, "utf8");
  check(text.startsWith("Format Version\t3"), `the export starts "${text.slice(0, 30)}"`);
});

await run("an administrator adjusts the time", async () => {
  await visit(ko, "/system/time.html", "time");
  await ko.fill("#date", "2031-03-04");
  await ko.fill("#time", "09:15");
  await Promise.all([ko.waitForNavigation(), ko.click("button:has-text('Set')")]);
  check(await ko.isVisible("text=The clock was set."), "no confirmation");
  check(await ko.isVisible("text=2031/03/04 09:1"), "the clock does not show the new time");
});

await run("logging out ends the session", async () => {
  await Promise.all([ko.waitForNavigation(), ko.click("button:has-text('Log Out')")]);
  check(ko.url().endsWith("/login.html?ended=1"), `after logging out: ${ko.url()}`);
  await ko.goto(base + "/jobs/index.html");
  check(ko.url().startsWith(base + "/login.html"), "the jobs page was still reachable");
});

await browser.close();
console.log(`axe-core checked ${audited.size} pages`);
if (failures > 0) {
  console.error(`${failures} browser scenarios failed`);
  process.exit(1);
}
