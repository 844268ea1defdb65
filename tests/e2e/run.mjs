// End-to-end tests of `lauazym serve` in a real browser: Debian's chromium driven by
// playwright-core (the no-browser flavour; nothing is downloaded). Started by scripts/test.sh after
// the release build.
//
//   node tests/e2e/run.mjs          (env: LAUAZYM_BIN, LAUAZYM_CHROMIUM, LAUAZYM_E2E_OUT)
//
// Each test gets a fresh browser context (kk-KZ, Asia/Almaty, 1366×768, CSP enforced), locates
// elements by role and Kazakh name, and waits on locators, never on a sleep. Any uncaught page
// error or console error fails the test. Screenshots of every page go to target/e2e/screens/;
// on failure a full-page screenshot, the page HTML and the server log go to target/e2e/<test>/.

import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = process.env.LAUAZYM_BIN || path.join(root, "target/release/lauazym");
const browserPath = process.env.LAUAZYM_CHROMIUM || "/usr/bin/chromium";
const out = process.env.LAUAZYM_E2E_OUT || path.join(root, "target/e2e");
const screens = path.join(out, "screens");
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(screens, { recursive: true });

if (!fs.existsSync(browserPath)) {
  console.error(`chromium not found at ${browserPath}: apt-get install -y chromium (or set LAUAZYM_CHROMIUM)`);
  process.exit(1);
}
if (!fs.existsSync(bin)) {
  console.error(`${bin} not found: cargo build --release first (or set LAUAZYM_BIN)`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
console.log(`playwright-core ${require("playwright-core/package.json").version}`);
console.log(execFileSync(browserPath, ["--version"]).toString().trim());

// ---------------------------------------------------------------------------------------------
// The server: `lauazym serve --listen 127.0.0.1:0` on a fresh data folder; URL from its first line.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lauazym-e2e-"));
let serverLog = "";
const env = { ...process.env };
delete env.LAUAZYM_TOKEN; // loopback: no token asked for
const server = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--data", path.join(tmp, "data")], {
  stdio: ["ignore", "pipe", "pipe"],
  env,
});
server.stderr.on("data", (d) => (serverLog += d));
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no address from the server within 10 s:\n${serverLog}`)), 10_000);
  let buf = "";
  server.stdout.on("data", (d) => {
    serverLog += d;
    buf += d;
    const m = buf.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) {
      clearTimeout(timer);
      resolve(m[0]);
    }
  });
  server.on("exit", (code) => reject(new Error(`server exited (${code}):\n${serverLog}`)));
});
console.log(`server at ${base}`);

async function stopServer() {
  if (server.exitCode !== null) return;
  server.kill("SIGINT");
  const done = new Promise((r) => server.once("exit", r));
  const timeout = new Promise((r) => setTimeout(r, 5000, "timeout"));
  if ((await Promise.race([done, timeout])) === "timeout") server.kill("SIGKILL");
}

// ---------------------------------------------------------------------------------------------
// The browser and a tiny runner.

const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  // launch() gives every run a fresh temporary profile (user-data-dir) of its own.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const results = [];

async function newPage(t) {
  const context = await browser.newContext({
    locale: "kk-KZ",
    timezoneId: "Asia/Almaty",
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    bypassCSP: false,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on("pageerror", (e) => t.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    // A form answered 412/422 is a page we meant to show; Chromium still logs the status.
    if (t.allowStatus.some((s) => text.includes(`status of ${s}`))) return;
    t.errors.push(`console error: ${text}`);
  });
  t.pages.push(page);
  return { context, page };
}

async function test(name, body) {
  const t = { name, errors: [], pages: [], allowStatus: [] };
  const started = Date.now();
  try {
    await body(t);
    if (t.errors.length) throw new Error(t.errors.join("\n"));
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e.stack || e}`);
    const dir = path.join(out, name.replace(/[^a-z0-9]+/gi, "-"));
    fs.mkdirSync(dir, { recursive: true });
    for (const [i, p] of t.pages.entries()) {
      try {
        await p.screenshot({ path: path.join(dir, `page-${i}.png`), fullPage: true });
        fs.writeFileSync(path.join(dir, `page-${i}.html`), await p.content());
      } catch {}
    }
    fs.writeFileSync(path.join(dir, "server.log"), serverLog);
  } finally {
    for (const p of t.pages) await p.context().close().catch(() => {});
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(screens, `${name}.png`), fullPage: false });
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: "utf8" });
}

const norm = (s) => s.split(/\s+/).join(" ");

// ---------------------------------------------------------------------------------------------
// The tests.

const HOSTILE = "«Ақ жол» <script>alert(1)</script> & \"орталығы\"";

await test("an HR officer creates an organisation and gets its documents", async (t) => {
  const { page } = await newPage(t);
  t.allowStatus.push(422);
  const dl = path.join(tmp, "downloads");
  fs.mkdirSync(dl, { recursive: true });

  await page.goto(`${base}/`);
  await page.getByRole("heading", { name: "Ұйымдар" }).waitFor();
  await shot(page, "01-orgs");
  await page.getByRole("link", { name: "Жаңа ұйым қосу" }).click();
  await page.getByRole("heading", { name: "Жаңа ұйым" }).waitFor();

  const org = page.getByRole("group", { name: "Ұйым" });
  await org.getByRole("textbox", { name: /^Идентификатор/ }).fill("aq-zhol");
  await org.getByRole("textbox", { name: "Толық атауы (қазақша)" }).fill(HOSTILE);
  await org.getByRole("textbox", { name: "БСН (12 цифр)" }).fill("123456789012"); // wrong check digit
  await org.getByRole("textbox", { name: "Мекенжайы" }).fill("Абай даңғылы, 10");
  await org.getByRole("textbox", { name: "Елді мекен" }).fill("Алматы қаласы");
  const head = page.getByRole("group", { name: "Басшы" });
  await head.getByRole("textbox", { name: "Басшының лауазымы" }).fill("Директор");
  await head.getByRole("textbox", { name: "Басшының тегі, аты, әкесінің аты" }).fill("Серікова Дана Асқарқызы");

  const pos = page.getByRole("group", { name: "Лауазым 1" });
  await pos.getByRole("textbox", { name: "Идентификатор" }).fill("social-worker");
  await pos.getByRole("textbox", { name: "Ұйымдағы атауы" }).fill("Үйде қызмет көрсету жөніндегі әлеуметтік қызметкер");
  await pos.getByRole("combobox", { name: /Үлгілік лауазым/ }).selectOption({ label: await optionLabel(pos, /^61–63/) });
  await pos.getByRole("spinbutton", { name: "Штат саны" }).fill("2");

  // Adding an employee row keeps everything typed so far (nothing is saved yet).
  await page.getByRole("button", { name: "Қызметкер қосу" }).click();
  const emp = page.getByRole("group", { name: "Қызметкер 1" });
  await emp.waitFor();
  check((await org.getByRole("textbox", { name: "Толық атауы (қазақша)" }).inputValue()) === HOSTILE, "typed name lost");
  await emp.getByRole("textbox", { name: "Тегі, аты, әкесінің аты" }).fill("Тестова Айгерім Нұрланқызы");
  await emp.getByRole("combobox", { name: "Лауазымы" }).selectOption("social-worker");
  await emp.getByRole("textbox", { name: "Табель нөмірі" }).fill("0100");

  // The wrong BIN is refused with the CLI's message beside the field, and keyboard focus on it.
  await page.getByRole("button", { name: "Сақтау" }).first().click();
  const bin = page.getByRole("textbox", { name: "БСН (12 цифр)" });
  await page.locator("#f-bin-err").waitFor();
  check((await page.locator("#f-bin-err").innerText()).includes("is not a valid BIN"), "no BIN error");
  check((await bin.getAttribute("aria-invalid")) === "true", "BIN not marked invalid");
  check(await bin.evaluate((el) => el === document.activeElement), "focus is not on the field in error");
  await shot(page, "02-form-errors");
  await bin.fill("123456789013");
  await page.getByRole("button", { name: "Сақтау" }).first().click();
  await page.getByRole("status").filter({ hasText: "Ұйым құрылды." }).waitFor();
  check(page.url().endsWith("/orgs/aq-zhol?saved=created"), page.url());
  await shot(page, "03-org-form");

  // The list shows the hostile name as text.
  await page.getByRole("link", { name: "Ұйымдар", exact: true }).click();
  await page.getByRole("cell", { name: /Ақ жол/ }).or(page.getByRole("rowheader", { name: /Ақ жол/ })).first().waitFor();
  check((await page.content()).includes("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is not escaped on the list");

  await page.goto(`${base}/orgs/aq-zhol/documents`);
  await page.getByRole("heading", { name: /құжаттар$/ }).waitFor();
  await shot(page, "04-documents");
  const pdfResponse = page.waitForResponse((r) => r.url().includes("/document?") && r.headers()["content-type"] === "application/pdf");
  await page.getByRole("link", { name: "Лауазымдық нұсқаулық — Үйде қызмет көрсету жөніндегі әлеуметтік қызметкер: қарау" }).click();
  const previewed = await pdfResponse;
  check(previewed.status() === 200, `preview status ${previewed.status()}`);
  await page.locator("iframe.pdf").waitFor();
  await shot(page, "05-preview");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "PDF жүктеп алу" }).click();
  const pdf = path.join(dl, "job-description.pdf");
  await (await download).saveAs(pdf);
  const text = norm(run("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"]));
  check(text.includes("Үйде қызмет көрсету жөніндегі әлеуметтік қызметкер".toUpperCase()) || text.includes("Үйде қызмет көрсету жөніндегі әлеуметтік қызметкер"), `title not in PDF: ${text.slice(0, 400)}`);
  check(text.includes(norm(HOSTILE)), `organisation name not exact in PDF: ${text.slice(0, 400)}`);
  const fonts = run("pdffonts", [pdf]);
  check(/LiberationSerif/.test(fonts), `fonts: ${fonts}`);
  // Columns from the end: emb sub uni object-id generation.
  for (const line of fonts.trim().split("\n").slice(2)) {
    const f = line.trim().split(/\s+/);
    check(f[f.length - 5] === "yes" && f[f.length - 3] === "yes", `a font is not embedded with a ToUnicode map: ${line}`);
  }

  await page.goto(`${base}/orgs/aq-zhol/documents`);
  const zipDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /Барлық құжаттар \(ZIP/ }).click();
  const zip = path.join(dl, "export.zip");
  await (await zipDownload).saveAs(zip);
  const listing = run("unzip", ["-Z1", zip]).trim().split("\n");
  check(listing.includes("manifest.json"), `no manifest.json in ${listing.join(", ")}`);
  check(listing.includes("aq-zhol/job-description/01-uide-qyzmet-korsetu-zhonindegi-aleumettik-qyzmetker.pdf"), listing.join("\n"));
  check(listing.some((n) => n.startsWith("aq-zhol/personnel/0100-")), "no personnel copy");
  const manifest = JSON.parse(run("unzip", ["-p", zip, "manifest.json"]));
  check(manifest.files.length + 1 === listing.length, "manifest and ZIP disagree");
  const inner = path.join(dl, "inner.pdf");
  fs.writeFileSync(inner, execFileSync("unzip", ["-p", zip, listing.find((n) => n.endsWith(".pdf"))]));
  check(run("qpdf", ["--check", inner]).includes("No syntax or stream encoding errors"), "qpdf --check");
  const personnel = listing.find((n) => n.startsWith("aq-zhol/personnel/0100-") && n.endsWith("job-description.pdf"));
  fs.writeFileSync(inner, execFileSync("unzip", ["-p", zip, personnel]));
  check(norm(run("pdftotext", ["-raw", "-enc", "UTF-8", inner, "-"])).includes("Тестова"), "employee not on the personnel copy");
});

async function optionLabel(scope, re) {
  const labels = await scope.getByRole("combobox", { name: /Үлгілік лауазым/ }).locator("option").allTextContents();
  const found = labels.find((l) => re.test(l));
  check(found, `no option ${re} in ${labels.slice(0, 5)}`);
  return found;
}

await test("two officers edit the same organisation: the second save is refused and keeps its text", async (t) => {
  t.allowStatus.push(412);
  const a = (await newPage(t)).page;
  const b = (await newPage(t)).page;
  await a.goto(`${base}/orgs/sample`);
  await b.goto(`${base}/orgs/sample`);
  await a.getByRole("textbox", { name: "Елді мекен" }).fill("Бірінші өзгеріс");
  await b.getByRole("textbox", { name: "Елді мекен" }).fill("Екінші өзгеріс");
  await a.getByRole("button", { name: "Сақтау" }).first().click();
  await a.getByRole("status").filter({ hasText: "Сақталды." }).waitFor();
  await b.getByRole("button", { name: "Сақтау" }).first().click();
  await b.locator("#conflict").waitFor();
  check((await b.getByRole("textbox", { name: "Елді мекен" }).inputValue()) === "Екінші өзгеріс", "typed value lost");
  await shot(b, "06-conflict");
  const stored = fs.readFileSync(path.join(tmp, "data/orgs/sample.toml"), "utf8");
  check(stored.includes("Бірінші өзгеріс") && !stored.includes("Екінші"), "the second save overwrote the first");
});

await test("acts: the model is shown and a bad act is refused with its line", async (t) => {
  t.allowStatus.push(422);
  const { page } = await newPage(t);
  await page.goto(`${base}/acts`);
  await page.getByRole("heading", { name: /Жинақталған үлгі/ }).waitFor();
  await shot(page, "07-acts");
  await page.getByLabel("Акт файлы").setInputFiles(path.join(root, "tests/fixtures/acts/unknown-instruction.txt"));
  await page.getByRole("button", { name: "Жүктеу" }).click();
  await page.locator("#upload-error").waitFor();
  check(/Жол \d+:/.test(await page.locator("#upload-error").innerText()), "no line number");
  await shot(page, "08-act-error");
  check(fs.readdirSync(path.join(tmp, "data/acts")).length === 1, "a bad act was stored");
});

await test("delete asks for confirmation, and the keyboard reaches everything", async (t) => {
  const { page } = await newPage(t);
  await page.goto(`${base}/orgs`);
  // Tab from the top: the skip link comes first and moves focus to the main content.
  await page.keyboard.press("Tab");
  check((await page.evaluate(() => document.activeElement.textContent)) === "Негізгі мазмұнға өту", "skip link is not first");
  await page.getByRole("link", { name: "Жою" }).first().click();
  await page.getByRole("heading", { name: "Ұйымды жою" }).waitFor();
  await shot(page, "09-delete");
  await page.getByRole("link", { name: "Болдырмау" }).click();
  await page.getByRole("heading", { name: "Ұйымдар" }).waitFor();
  await page.screenshot({ path: path.join(screens, "readme-orgs.png") });
});

await browser.close();
await stopServer();
fs.rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok);
console.log(`screenshots in ${screens}`);
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
