//! The HTML pages: server-rendered from `templates/web/*.hbs`, Kazakh, usable without JavaScript.
//!
//! The page registry is its own handlebars instance, apart from the document templates: strict
//! mode (a missing value is an error, not an empty string), HTML escaping on, and no template
//! uses triple braces (a test checks). Forms post to the same origin, so the guard's
//! cross-origin rule protects them without a token field. A form that fails validation is shown
//! again with everything the user typed and each error beside its field; a stale version (someone
//! else saved first) is refused with 412 and the typed values kept.

use super::api;
use super::error::{Error, FieldProblem};
use super::guard;
use super::profile::{EmployeeInput, FollowsInput, HeadInput, PositionInput, Profile};
use super::render::Prepared;
use super::storage::{self, Expect, Store};
use super::{assets, limit, limits, AppState, Framing, Ours};
use crate::export::Kind;
use crate::model::{Model, SectionState};
use axum::extract::{ConnectInfo, Form, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use handlebars::Handlebars;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::OnceLock;

pub fn routes() -> Router<AppState> {
    let forms = Router::new()
        .route("/orgs", get(orgs).post(create))
        .route("/orgs/new", get(new_org))
        .route("/orgs/{id}", get(edit).post(save))
        .route("/orgs/{id}/delete", get(confirm_delete).post(delete))
        .route("/orgs/{id}/profile.toml", get(download_profile))
        .route("/orgs/{id}/profile.xlsx", get(download_workbook))
        .route("/orgs/{id}/documents", get(documents))
        .route("/orgs/{id}/preview", get(preview))
        .route("/orgs/{id}/document", get(document))
        .route("/orgs/{id}/export.zip", get(export))
        .layer(limit(limits::PROFILE));
    let imports = Router::new().route("/orgs/import", axum::routing::post(import)).layer(limit(limits::PROFILE_IMPORT));
    let acts = Router::new().route("/acts", get(acts).post(upload_act)).layer(limit(limits::ACT_UPLOAD));
    let login = Router::new().route("/login", get(login_page).post(login)).layer(limit(limits::LOGIN));
    Router::new()
        .route("/", get(|| async { Redirect::to("/orgs") }))
        .merge(forms)
        .merge(imports)
        .merge(acts)
        .merge(login)
}

// ---------------------------------------------------------------------------------------------
// The registry and the page response.

const TEMPLATES: [(&str, &str); 13] = [
    ("layout", include_str!("../../templates/web/layout.hbs")),
    ("field", include_str!("../../templates/web/field.hbs")),
    ("area", include_str!("../../templates/web/area.hbs")),
    ("choice", include_str!("../../templates/web/choice.hbs")),
    ("doclinks", include_str!("../../templates/web/doclinks.hbs")),
    ("error", include_str!("../../templates/web/error.hbs")),
    ("login", include_str!("../../templates/web/login.hbs")),
    ("orgs", include_str!("../../templates/web/orgs.hbs")),
    ("org-form", include_str!("../../templates/web/org-form.hbs")),
    ("delete", include_str!("../../templates/web/delete.hbs")),
    ("documents", include_str!("../../templates/web/documents.hbs")),
    ("preview", include_str!("../../templates/web/preview.hbs")),
    ("acts", include_str!("../../templates/web/acts.hbs")),
];

/// The page templates, registered once (strict, HTML-escaping).
pub fn registry() -> Result<&'static Handlebars<'static>, &'static str> {
    static R: OnceLock<Result<Handlebars<'static>, String>> = OnceLock::new();
    R.get_or_init(|| {
        let mut h = Handlebars::new();
        h.set_strict_mode(true);
        h.register_escape_fn(handlebars::html_escape);
        for (name, src) in TEMPLATES {
            h.register_template_string(name, src).map_err(|e| format!("templates/web/{name}.hbs: {e}"))?;
        }
        Ok(h)
    })
    .as_ref()
    .map_err(String::as_str)
}

/// The template names, for the test that renders every page.
pub fn template_sources() -> impl Iterator<Item = (&'static str, &'static str)> {
    TEMPLATES.into_iter()
}

fn page_meta(title: &str, nav: &str) -> Value {
    json!({
        "title": title,
        "css": assets::url("app.css"),
        "js": assets::url("app.js"),
        "icon": assets::url("favicon.svg"),
        "version": env!("CARGO_PKG_VERSION"),
        "nav_orgs": nav == "orgs",
        "nav_acts": nav == "acts",
    })
}

/// Render page `name` with `ctx` (which gets the `page` metadata).
fn page(name: &str, title: &str, nav: &str, mut ctx: Value, status: StatusCode) -> Response {
    if let Value::Object(map) = &mut ctx {
        map.insert("page".into(), page_meta(title, nav));
    }
    let html = registry().map_err(str::to_string).and_then(|r| r.render(name, &ctx).map_err(|e| e.to_string()));
    match html {
        Ok(html) => {
            let mut r = (status, axum::response::Html(html)).into_response();
            r.extensions_mut().insert(Ours);
            r
        }
        Err(e) => {
            eprintln!("lauazym serve: internal error: page {name}: {e}");
            let mut r = (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
            r.extensions_mut().insert(Ours);
            r
        }
    }
}

/// The HTML face of an error.
pub fn error_page(e: &Error) -> Response {
    if let Error::Internal(cause) = e {
        eprintln!("lauazym serve: internal error: {cause}");
    }
    let heading = match e.status() {
        StatusCode::NOT_FOUND => "Бет табылмады",
        StatusCode::FORBIDDEN => "Сұрау қабылданбады",
        StatusCode::UNAUTHORIZED => "Кіру қажет",
        StatusCode::PAYLOAD_TOO_LARGE => "Файл тым үлкен",
        StatusCode::PRECONDITION_FAILED => "Деректер басқа біреумен өзгертілген",
        StatusCode::INTERNAL_SERVER_ERROR => "Сервер қатесі",
        _ => "Сұрауды орындау мүмкін болмады",
    };
    let message = match e {
        Error::NotFound => "Мұндай бет немесе құжат жоқ.".to_string(),
        Error::Internal(_) => "Ішкі қате; толығы сервер журналында.".to_string(),
        other => other.to_string(),
    };
    page("error", heading, "", json!({ "heading": heading, "message": message }), e.status())
}

pub struct PageError(Error);

impl From<Error> for PageError {
    fn from(e: Error) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}

type PageResult = Result<Response, PageError>;

// ---------------------------------------------------------------------------------------------
// Organisations: list, import, delete, download.

#[derive(Serialize)]
struct OrgRow {
    id: String,
    name: Option<String>,
    positions: usize,
    employees: usize,
    error: Option<String>,
}

fn org_rows(state: &AppState) -> (Vec<OrgRow>, Vec<String>) {
    let catalog = state.catalog();
    let (ids, skipped) = state.store.org_ids();
    let rows = ids
        .into_iter()
        .map(|id| {
            let loaded = state
                .store
                .read_org(&id)
                .and_then(|s| super::profile::check_text(&Store::org_file(&id), &s.text, &catalog.model));
            match loaded {
                Ok(o) => OrgRow {
                    name: Some(o.name_kk.clone()),
                    positions: o.positions.len(),
                    employees: o.employees.len(),
                    error: None,
                    id,
                },
                Err(e) => OrgRow { name: None, positions: 0, employees: 0, error: Some(e.to_string()), id },
            }
        })
        .collect();
    (rows, skipped)
}

fn orgs_page(state: &AppState, notice: Option<String>, import: Option<(&Error, &str)>, status: StatusCode) -> Response {
    let (orgs, skipped) = org_rows(state);
    let ctx = json!({
        "orgs": orgs,
        "skipped": skipped,
        // The folder as the CLI names it, never the absolute path of this machine (no response
        // carries one); the IT person sees the full path in the startup line.
        "folder": "orgs/",
        "notice": notice,
        "spreadsheets": true,
        "accept": ".toml,.xlsx,.csv",
        "import_error": import.map(|(e, _)| e.body()),
        "import_id": import.map(|(_, id)| id).unwrap_or(""),
    });
    page("orgs", "Ұйымдар", "orgs", ctx, status)
}

async fn orgs(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let notice = q.get("deleted").filter(|id| storage::valid_id(id)).map(|id| format!("«{id}» профилі жойылды."));
    orgs_page(&state, notice, None, StatusCode::OK)
}

async fn import(State(state): State<AppState>, mut multipart: Multipart) -> PageResult {
    let mut id = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(Error::from)? {
        match field.name() {
            Some("id") => id = field.text().await.map_err(Error::from)?.trim().to_string(),
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                file = Some((name, field.bytes().await.map_err(Error::from)?.to_vec()));
            }
            _ => {}
        }
    }
    let fail = |e: Error, id: &str| {
        let status = e.status();
        Ok(orgs_page(&state, None, Some((&e, id)), status))
    };
    if !storage::valid_id(&id) {
        let e = Error::Invalid {
            message: format!("идентификатор «{id}»: тек a-z, 0-9 және «-» (мысалы, «{}»)", crate::slug::slug(&id)),
            problems: vec![],
        };
        return fail(e, &id);
    }
    let Some((name, bytes)) = file else { return fail(Error::BadRequest("файл таңдалмады".into()), &id) };
    let catalog = state.catalog();
    // The upload's own name only labels messages (`Штат.xlsx!B3`); it never names a file here.
    let shown: String = name.rsplit(['/', '\\']).next().unwrap_or("").chars().take(100).collect();
    let format = crate::org::Format::of(std::path::Path::new(&shown)).unwrap_or(crate::org::Format::Toml);
    let text = match format {
        crate::org::Format::Toml => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return fail(Error::BadRequest("the file is not UTF-8 text (a TOML profile)".into()), &id),
        },
        sheet => match crate::org::parse_bytes(&shown, sheet, &bytes) {
            Ok(o) if o.template_dir.is_none() => crate::org::to_toml(&o),
            Ok(_) => return fail(Error::BadRequest("template_dir is not accepted through the web".into()), &id),
            Err(e) => return fail(Error::Invalid { message: e.to_string(), problems: vec![] }, &id),
        },
    };
    let org = match super::profile::check_text(&Store::org_file(&id), &text, &catalog.model) {
        Ok(o) => o,
        Err(e) => return fail(e, &id),
    };
    if org.template_dir.is_some() {
        return fail(
            Error::BadRequest("template_dir names a folder on this machine: it is not accepted through the web".into()),
            &id,
        );
    }
    // A TOML file as it was written (comments included): it validated exactly as the CLI reads it.
    if let Err(e) = state.store.save_org(&id, &Expect::New, text.as_bytes()).await {
        return fail(e, &id);
    }
    Ok(Redirect::to(&format!("/orgs/{id}?saved=imported")).into_response())
}

async fn download_profile(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let stored = state.store.read_org(&id)?;
    let mut r = stored.text.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/toml; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{id}.toml\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", stored.version)) {
        h.insert(header::ETAG, v);
    }
    Ok(r)
}

/// The profile as a workbook (the spreadsheet reader reads it back equal), with the model's
/// positions as the drop-down list of `follows`.
async fn download_workbook(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let stored = state.store.read_org(&id)?;
    let catalog = state.catalog();
    let org = crate::org::parse(&Store::org_file(&id), &stored.text).map_err(|e| Error::BadRequest(e.to_string()))?;
    let bytes = crate::org::to_bytes(&org, crate::org::Format::Xlsx, Some(&catalog.model)).map_err(Error::internal)?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{id}.xlsx\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

async fn confirm_delete(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let stored = state.store.read_org(&id)?;
    let name = crate::org::parse(&Store::org_file(&id), &stored.text).map(|o| o.name_kk).unwrap_or_else(|_| id.clone());
    Ok(page(
        "delete",
        "Ұйымды жою",
        "orgs",
        json!({ "id": id, "name": name, "version": stored.version }),
        StatusCode::OK,
    ))
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    if !storage::valid_id(&id) {
        return Err(Error::NotFound.into());
    }
    let version = form.iter().find(|(k, _)| k == "version").map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    let version = version.ok_or(Error::VersionRequired)?;
    state.store.delete_org(&id, &version).await?;
    state.cache.forget(&id);
    Ok(Redirect::to(&format!("/orgs?deleted={id}")).into_response())
}

// ---------------------------------------------------------------------------------------------
// The organisation form.

/// What a form holds, as typed: field name → value (names are the profile's field paths).
#[derive(Debug, Default, Clone)]
struct OrgForm {
    fields: BTreeMap<String, String>,
    positions: Vec<BTreeMap<String, String>>,
    employees: Vec<BTreeMap<String, String>>,
}

const SCALARS: [&str; 10] =
    ["id", "name_kk", "name_ru", "short_name", "bin", "address", "city", "approval_date", "head.position", "head.name"];
const POSITION_KEYS: [&str; 8] =
    ["id", "title", "follows", "headcount", "department", "extra_duties", "rights", "responsibilities"];
const EMPLOYEE_KEYS: [&str; 4] = ["name", "position", "personnel_no", "hire_date"];
/// More rows than any staff list has; bounds what an index in a field name can make us allocate.
const MAX_ROWS: usize = 5000;

/// `position[12].title` → ("position", 12, "title").
fn row_key(name: &str) -> Option<(&str, usize, &str)> {
    let (table, rest) = name.split_once('[')?;
    let (index, key) = rest.split_once("].")?;
    Some((table, index.parse().ok().filter(|&i| i < MAX_ROWS)?, key))
}

impl OrgForm {
    fn from_pairs(pairs: &[(String, String)]) -> OrgForm {
        let mut f = OrgForm::default();
        let mut positions: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        let mut employees: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (k, v) in pairs {
            if SCALARS.contains(&k.as_str()) {
                f.fields.insert(k.clone(), v.clone());
            } else if let Some((table, i, key)) = row_key(k) {
                match table {
                    "position" if POSITION_KEYS.contains(&key) => {
                        positions.entry(i).or_default().insert(key.to_string(), v.clone());
                    }
                    "employee" if EMPLOYEE_KEYS.contains(&key) => {
                        employees.entry(i).or_default().insert(key.to_string(), v.clone());
                    }
                    _ => {}
                }
            }
        }
        f.positions = positions.into_values().collect();
        f.employees = employees.into_values().collect();
        f
    }

    fn of_profile(p: &Profile, model: &Model) -> OrgForm {
        let mut f = OrgForm::default();
        let mut put = |k: &str, v: &str| {
            f.fields.insert(k.to_string(), v.to_string());
        };
        put("name_kk", &p.name_kk);
        put("name_ru", p.name_ru.as_deref().unwrap_or(""));
        put("short_name", p.short_name.as_deref().unwrap_or(""));
        put("bin", &p.bin);
        put("address", &p.address);
        put("city", &p.city);
        put("approval_date", p.approval_date.as_deref().unwrap_or(""));
        put("head.position", &p.head.position);
        put("head.name", &p.head.name);
        f.positions = p
            .positions
            .iter()
            .map(|sp| {
                BTreeMap::from([
                    ("id".to_string(), sp.id.clone()),
                    ("title".to_string(), sp.title.clone()),
                    ("follows".to_string(), follows_choice(&sp.follows, model)),
                    ("headcount".to_string(), sp.headcount.to_string()),
                    ("department".to_string(), sp.department.clone().unwrap_or_default()),
                    ("extra_duties".to_string(), sp.extra_duties.join("\n")),
                    ("rights".to_string(), sp.rights.join("\n")),
                    ("responsibilities".to_string(), sp.responsibilities.join("\n")),
                ])
            })
            .collect();
        f.employees = p
            .employees
            .iter()
            .map(|e| {
                BTreeMap::from([
                    ("name".to_string(), e.name.clone()),
                    ("position".to_string(), e.position.clone()),
                    ("personnel_no".to_string(), e.personnel_no.clone()),
                    ("hire_date".to_string(), e.hire_date.clone().unwrap_or_default()),
                ])
            })
            .collect();
        f
    }

    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map_or("", String::as_str)
    }

    /// The profile the form describes, or the fields that are not even of their type.
    fn to_profile(&self, model: &Model) -> Result<Profile, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let opt = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let lines = |v: Option<&String>| -> Vec<String> {
            v.map(|v| v.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let positions = self
            .positions
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let val = |k: &str| row.get(k).map_or("", String::as_str);
                let headcount = match val("headcount").trim().parse::<u32>() {
                    Ok(n) => n,
                    Err(_) => {
                        problems.push(super::profile::form_problem(
                            &format!("position[{i}].headcount"),
                            "headcount must be a whole number, at least 1",
                        ));
                        0
                    }
                };
                let follows = val("follows")
                    .parse::<u32>()
                    .ok()
                    .and_then(|point| model.position_of(point))
                    .map(|p| FollowsInput { points: Some(p.points.to_vec()), ..Default::default() })
                    .unwrap_or_default();
                PositionInput {
                    id: val("id").trim().to_string(),
                    title: val("title").to_string(),
                    follows,
                    headcount,
                    department: opt(val("department")),
                    extra_duties: lines(row.get("extra_duties")),
                    rights: lines(row.get("rights")),
                    responsibilities: lines(row.get("responsibilities")),
                }
            })
            .collect();
        let employees = self
            .employees
            .iter()
            .map(|row| {
                let val = |k: &str| row.get(k).map_or("", String::as_str);
                EmployeeInput {
                    name: val("name").to_string(),
                    position: val("position").to_string(),
                    personnel_no: val("personnel_no").to_string(),
                    hire_date: opt(val("hire_date")),
                }
            })
            .collect();
        let profile = Profile {
            name_kk: self.get("name_kk").to_string(),
            name_ru: opt(self.get("name_ru")),
            short_name: opt(self.get("short_name")),
            bin: self.get("bin").trim().to_string(),
            address: self.get("address").to_string(),
            city: self.get("city").to_string(),
            approval_date: opt(self.get("approval_date")),
            template_dir: None,
            head: HeadInput {
                position: self.get("head.position").to_string(),
                name: self.get("head.name").to_string(),
            },
            positions,
            employees,
        };
        if problems.is_empty() {
            Ok(profile)
        } else {
            Err(problems)
        }
    }
}

/// The select value (first point of the model position) that a profile's `follows` names.
fn follows_choice(f: &FollowsInput, model: &Model) -> String {
    let found = match (f.chapter, f.paragraph, &f.points, f.point) {
        (Some(c), Some(p), _, _) => {
            model.positions.iter().find(|q| q.placement.as_ref().is_some_and(|pl| pl.chapter == c && pl.paragraph == p))
        }
        (_, _, Some(points), _) => points.first().and_then(|&p| model.position_of(p)),
        (_, _, _, Some(p)) => model.position_of(p),
        _ => None,
    };
    found.map(|p| p.points[0].to_string()).unwrap_or_default()
}

fn html_id(name: &str) -> String {
    let mut s = String::from("f-");
    for c in name.chars() {
        s.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    s
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    html_id: String,
    value: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// Kazakh label of a field path, for the list of problems at the top of the form.
fn label_of(path: &str) -> String {
    let base = |k: &str| match k {
        "id" => "Идентификатор",
        "name_kk" => "Толық атауы (қазақша)",
        "name_ru" => "Толық атауы (орысша)",
        "short_name" => "Қысқа атауы",
        "bin" => "БСН",
        "address" => "Мекенжайы",
        "city" => "Елді мекен",
        "approval_date" => "Бекіту күні",
        "head.position" => "Басшының лауазымы",
        "head.name" => "Басшының аты-жөні",
        "title" => "Ұйымдағы атауы",
        "follows" => "Үлгілік лауазым",
        "headcount" => "Штат саны",
        "department" => "Бөлімше",
        "extra_duties" => "Қосымша міндеттер",
        "rights" => "Құқықтары",
        "responsibilities" => "Жауапкершілігі",
        "name" => "Аты-жөні",
        "position" => "Лауазымы",
        "personnel_no" => "Табель нөмірі",
        "hire_date" => "Жұмысқа қабылданған күні",
        _ => "",
    };
    match row_key(path) {
        Some(("position", i, k)) => format!("Лауазым {}: {}", i + 1, base(k)),
        Some(("employee", i, k)) => format!("Қызметкер {}: {}", i + 1, base(k)),
        _ if path == "position" => "Штат кестесі".to_string(),
        _ => base(path).to_string(),
    }
}

struct FormView<'a> {
    form: &'a OrgForm,
    errors: BTreeMap<String, Vec<String>>,
}

impl FormView<'_> {
    fn field(&self, name: &str, value: &str) -> FieldView {
        FieldView {
            name: name.to_string(),
            html_id: html_id(name),
            value: value.to_string(),
            error: self.errors.get(name).map(|m| m.join("; ")),
        }
    }
}

fn shown_paths(form: &OrgForm) -> Vec<String> {
    let mut v: Vec<String> = SCALARS.iter().map(|s| s.to_string()).collect();
    for i in 0..form.positions.len() {
        v.extend(POSITION_KEYS.iter().map(|k| format!("position[{i}].{k}")));
    }
    for i in 0..form.employees.len() {
        v.extend(EMPLOYEE_KEYS.iter().map(|k| format!("employee[{i}].{k}")));
    }
    v
}

struct FormPage<'a> {
    id: Option<&'a str>,
    version: &'a str,
    problems: &'a [FieldProblem],
    conflict: Option<String>,
    saved: Option<String>,
}

fn form_page(form: &OrgForm, model: &Model, fp: FormPage<'_>, status: StatusCode) -> Response {
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in fp.problems {
        errors.entry(p.path.clone()).or_default().push(p.message.clone());
    }
    let shown = shown_paths(form);
    let v = FormView { form, errors };
    let model_choices =
        |selected: &str| -> Vec<Choice> {
            model
                .positions
                .iter()
                .map(|p| {
                    let title = p.title.as_ref().map_or("атауы актілерде белгіленбеген", |t| t.text.as_str());
                    let place = p
                        .placement
                        .as_ref()
                        .map(|pl| format!(", {}-тарау {} §", pl.chapter, pl.paragraph))
                        .unwrap_or_default();
                    let value = p.points[0].to_string();
                    Choice {
                        selected: value == selected,
                        label: format!("{}–{} тт.{place}: {title}", p.points[0], p.points[2]),
                        value,
                    }
                })
                .collect()
        };
    let positions: Vec<Value> = v
        .form
        .positions
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let val = |k: &str| row.get(k).map_or("", String::as_str);
            let f = |k: &str| v.field(&format!("position[{i}].{k}"), val(k));
            json!({
                "index": i, "number": i + 1,
                "id": f("id"), "title": f("title"), "headcount": f("headcount"), "department": f("department"),
                "extra_duties": f("extra_duties"), "rights": f("rights"), "responsibilities": f("responsibilities"),
                "follows": { "field": f("follows"), "options": model_choices(val("follows")) },
            })
        })
        .collect();
    let position_ids: Vec<(String, String)> = v
        .form
        .positions
        .iter()
        .map(|r| (r.get("id").cloned().unwrap_or_default(), r.get("title").cloned().unwrap_or_default()))
        .filter(|(id, _)| !id.trim().is_empty())
        .collect();
    let employees: Vec<Value> = v
        .form
        .employees
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let val = |k: &str| row.get(k).map_or("", String::as_str);
            let f = |k: &str| v.field(&format!("employee[{i}].{k}"), val(k));
            let current = val("position");
            let mut options: Vec<Choice> = position_ids
                .iter()
                .map(|(id, title)| Choice {
                    value: id.clone(),
                    label: format!("{title} ({id})"),
                    selected: id == current,
                })
                .collect();
            if !current.is_empty() && !options.iter().any(|o| o.selected) {
                options.push(Choice {
                    value: current.to_string(),
                    label: format!("{current} (штат кестесінде жоқ)"),
                    selected: true,
                });
            }
            json!({
                "index": i, "number": i + 1,
                "name": f("name"), "personnel_no": f("personnel_no"), "hire_date": f("hire_date"),
                "position": { "field": f("position"), "options": options },
            })
        })
        .collect();
    let scalar = |k: &str| v.field(k, v.form.get(k));
    let problems: Vec<Value> = fp
        .problems
        .iter()
        .map(|p| {
            let href = shown.contains(&p.path).then(|| html_id(&p.path));
            let label = if p.path.is_empty() { String::new() } else { label_of(&p.path) };
            json!({ "href": href, "label": if href.is_some() { label.clone() } else { String::new() },
                    "message": if href.is_none() && !label.is_empty() { format!("{label}: {}", p.message) } else { p.message.clone() } })
        })
        .collect();
    let heading = match fp.id {
        Some(_) => format!("Ұйым профилі: {}", v.form.get("name_kk")),
        None => "Жаңа ұйым".to_string(),
    };
    let ctx = json!({
        "heading": heading,
        "creating": fp.id.is_none(),
        "id": fp.id,
        "action": fp.id.map_or_else(|| "/orgs".to_string(), |id| format!("/orgs/{id}")),
        "version": fp.version,
        "conflict": fp.conflict,
        "saved": fp.saved,
        "problems": problems,
        "problem_count": problems.len(),
        "positions_error": v.errors.get("position").map(|m| m.join("; ")),
        "fields": {
            "id": scalar("id"), "name_kk": scalar("name_kk"), "name_ru": scalar("name_ru"),
            "short_name": scalar("short_name"), "bin": scalar("bin"), "address": scalar("address"),
            "city": scalar("city"), "approval_date": scalar("approval_date"),
            "head_position": scalar("head.position"), "head_name": scalar("head.name"),
        },
        "positions": positions,
        "employees": employees,
    });
    let title = if fp.id.is_some() { "Ұйым профилі" } else { "Жаңа ұйым" };
    page("org-form", title, "orgs", ctx, status)
}

/// A blank form for a new organisation: one empty position row to start from.
async fn new_org(State(state): State<AppState>) -> Response {
    let form = OrgForm { positions: vec![BTreeMap::new()], ..Default::default() };
    let fp = FormPage { id: None, version: "", problems: &[], conflict: None, saved: None };
    form_page(&form, &state.catalog().model, fp, StatusCode::OK)
}

async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let stored = state.store.read_org(&id)?;
    let catalog = state.catalog();
    let org = crate::org::parse(&Store::org_file(&id), &stored.text)
        .map_err(|e| Error::BadRequest(format!("{e}\n(the profile can be replaced by importing a corrected file)")))?;
    let form = OrgForm::of_profile(&Profile::of(&org, None), &catalog.model);
    let saved = q.get("saved").map(|s| match s.as_str() {
        "imported" => "Профиль импортталды.".to_string(),
        "created" => "Ұйым құрылды.".to_string(),
        _ => "Сақталды.".to_string(),
    });
    // A profile saved by the CLI may not resolve against the model: show why beside its fields.
    let problems = match super::profile::check_text(&Store::org_file(&id), &stored.text, &catalog.model) {
        Err(Error::Invalid { problems, .. }) => problems,
        _ => Vec::new(),
    };
    let fp = FormPage { id: Some(&id), version: &stored.version, problems: &problems, conflict: None, saved };
    Ok(form_page(&form, &catalog.model, fp, StatusCode::OK))
}

/// What a form's submit button asked for.
enum Action {
    Save,
    AddPosition,
    AddEmployee,
    RemovePosition(usize),
    RemoveEmployee(usize),
}

fn action(pairs: &[(String, String)]) -> Action {
    let a = pairs.iter().find(|(k, _)| k == "action").map_or("save", |(_, v)| v.as_str());
    if a == "add-position" {
        Action::AddPosition
    } else if a == "add-employee" {
        Action::AddEmployee
    } else if let Some(i) = a.strip_prefix("remove-position-").and_then(|i| i.parse().ok()) {
        Action::RemovePosition(i)
    } else if let Some(i) = a.strip_prefix("remove-employee-").and_then(|i| i.parse().ok()) {
        Action::RemoveEmployee(i)
    } else {
        Action::Save
    }
}

/// Row edits re-render the form with nothing saved; `Save` validates and stores.
async fn submit(state: &AppState, id: Option<&str>, pairs: Vec<(String, String)>) -> Response {
    let catalog = state.catalog();
    let model = &catalog.model;
    let mut form = OrgForm::from_pairs(&pairs);
    let version = pairs.iter().find(|(k, _)| k == "version").map(|(_, v)| v.clone()).unwrap_or_default();
    let render = |form: &OrgForm, problems: &[FieldProblem], conflict: Option<String>, version: &str, status| {
        let fp = FormPage { id, version, problems, conflict, saved: None };
        form_page(form, model, fp, status)
    };
    match action(&pairs) {
        Action::AddPosition => {
            form.positions.push(BTreeMap::from([("headcount".to_string(), "1".to_string())]));
            return render(&form, &[], None, &version, StatusCode::OK);
        }
        Action::AddEmployee => {
            form.employees.push(BTreeMap::new());
            return render(&form, &[], None, &version, StatusCode::OK);
        }
        Action::RemovePosition(i) => {
            if i < form.positions.len() {
                form.positions.remove(i);
            }
            return render(&form, &[], None, &version, StatusCode::OK);
        }
        Action::RemoveEmployee(i) => {
            if i < form.employees.len() {
                form.employees.remove(i);
            }
            return render(&form, &[], None, &version, StatusCode::OK);
        }
        Action::Save => {}
    }
    let profile = match form.to_profile(model) {
        Ok(p) => p,
        Err(problems) => return render(&form, &problems, None, &version, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let (target, expect) = match id {
        Some(_) if version.is_empty() => {
            return render(
                &form,
                &[],
                Some(Error::VersionRequired.to_string()),
                &version,
                StatusCode::PRECONDITION_REQUIRED,
            );
        }
        Some(id) => (id.to_string(), Expect::Version(version.clone())),
        None => (form.get("id").trim().to_string(), Expect::New),
    };
    match api::save(state, &target, expect, profile).await {
        Ok(_) => {
            let how = if id.is_some() { "saved" } else { "created" };
            Redirect::to(&format!("/orgs/{target}?saved={how}")).into_response()
        }
        Err(Error::Invalid { problems, .. }) => {
            render(&form, &problems, None, &version, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(Error::Exists(m)) => {
            let p = [super::profile::form_problem("id", &m)];
            render(&form, &p, None, &version, StatusCode::CONFLICT)
        }
        Err(Error::Conflict { current }) => {
            let message =
                "Бұл профильді сіз ашқаннан кейін басқа біреу сақтады, сондықтан сіздің өзгерістеріңіз сақталмады. \
Сіз енгізген мәліметтер төменде тұр. Басқа терезеде профильдің қазіргі нұсқасын қараңыз; қайта «Сақтау» басылса, \
сіздің нұсқаңыз олардың өзгерістерінің орнына жазылады."
                    .to_string();
            render(&form, &[], Some(message), &current, StatusCode::PRECONDITION_FAILED)
        }
        Err(e) => error_page(&e),
    }
}

async fn create(State(state): State<AppState>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    submit(&state, None, pairs).await
}

async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    if !storage::valid_id(&id) {
        return Err(Error::NotFound.into());
    }
    state.store.read_org(&id)?;
    Ok(submit(&state, Some(&id), pairs).await)
}

// ---------------------------------------------------------------------------------------------
// Documents.

#[derive(Serialize)]
struct DocLink {
    label: String,
    aria: String,
    preview: String,
    pdf: String,
    docx: String,
}

fn doc_label(model: &Model, kind: Kind, act: Option<&str>) -> String {
    match (kind, act) {
        (Kind::ChangeSheet, Some(a)) => {
            let date = model.acts.iter().find(|x| crate::slug::slug(&x.id.number) == a).map(|x| x.id.date.clone());
            format!("№ {a} бұйрық{} бойынша өзгерістер парағы", date.map(|d| format!(" ({d})")).unwrap_or_default())
        }
        _ => "Лауазымдық нұсқаулық".to_string(),
    }
}

fn doc_query(kind: Kind, position: &str, act: Option<&str>, employee: Option<&str>) -> String {
    let kind = match kind {
        Kind::JobDescription => "job-description",
        Kind::ChangeSheet => "change-sheet",
    };
    let mut q = format!("kind={kind}&position={position}");
    if let Some(a) = act {
        q.push_str(&format!("&act={a}"));
    }
    if let Some(e) = employee {
        q.push_str(&format!("&employee={e}"));
    }
    q
}

fn links(id: &str, model: &Model, p: &Prepared, who: &str, position: &str, employee: Option<&str>) -> Vec<DocLink> {
    let mut seen = Vec::new();
    for d in p.documents() {
        if d.position == position && d.employee.as_deref() == employee && !seen.contains(&(d.kind, d.act.clone())) {
            seen.push((d.kind, d.act.clone()));
        }
    }
    seen.into_iter()
        .map(|(kind, act)| {
            let q = doc_query(kind, position, act.as_deref(), employee);
            let label = doc_label(model, kind, act.as_deref());
            DocLink {
                aria: format!("{label} — {who}"),
                preview: format!("/orgs/{id}/preview?{q}"),
                pdf: format!("/orgs/{id}/document?{q}&format=pdf&download=1"),
                docx: format!("/orgs/{id}/document?{q}&format=docx&download=1"),
                label,
            }
        })
        .collect()
}

fn typical_label(model: &Model, org: &crate::org::Organisation, position: &str) -> String {
    let Some(sp) = org.position(position) else { return String::new() };
    let c = FollowsInput {
        chapter: match sp.follows {
            crate::org::Follows::Paragraph { chapter, .. } => Some(chapter),
            _ => None,
        },
        paragraph: match sp.follows {
            crate::org::Follows::Paragraph { paragraph, .. } => Some(paragraph),
            _ => None,
        },
        points: match &sp.follows {
            crate::org::Follows::Points(p) => Some(p.clone()),
            _ => None,
        },
        point: None,
    };
    let first: Option<u32> = follows_choice(&c, model).parse().ok();
    match first.and_then(|f| model.position_of(f)) {
        Some(p) => format!(
            "Үлгі: {}–{} тт., {}",
            p.points[0],
            p.points[2],
            p.title.as_ref().map_or("атауы актілерде белгіленбеген", |t| t.text.as_str())
        ),
        None => String::new(),
    }
}

async fn documents(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let p = state.prepared(&id).await?;
    let catalog = state.catalog();
    let model = &catalog.model;
    let positions: Vec<Value> = p
        .org
        .positions
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            json!({ "number": i + 1, "title": sp.title, "typical": typical_label(model, &p.org, &sp.id),
                    "docs": links(&id, model, &p, &sp.title, &sp.id, None) })
        })
        .collect();
    let employees: Vec<Value> = p
        .org
        .employees
        .iter()
        .map(|e| {
            let title = p.org.position(&e.position).map_or(String::new(), |sp| sp.title.clone());
            json!({ "number": e.personnel_no, "name": e.name, "title": title,
                    "docs": links(&id, model, &p, &e.name, &e.position, Some(&e.slug)) })
        })
        .collect();
    let ctx = json!({ "id": id, "org": p.org.name_kk, "positions": positions, "employees": employees });
    Ok(page("documents", "Құжаттар", "orgs", ctx, StatusCode::OK))
}

async fn preview(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let request = api::doc_request(&q)?;
    let p = state.prepared(&id).await?;
    let catalog = state.catalog();
    let model = &catalog.model;
    let kind = Kind::from(request.kind);
    if !p.has(model, &request) {
        return Err(Error::NotFound.into());
    }
    let query = doc_query(kind, &request.position, request.act.as_deref(), request.employee.as_deref());
    let label = doc_label(model, kind, request.act.as_deref());
    let position = p.org.position(&request.position).map_or(String::new(), |sp| sp.title.clone());
    let employee = request
        .employee
        .as_ref()
        .and_then(|slug| p.org.employees.iter().find(|e| &e.slug == slug))
        .map(|e| e.name.clone());
    let ctx = json!({
        "id": id, "org": p.org.name_kk, "label": label, "position": position, "employee": employee,
        "frame": format!("/orgs/{id}/document?{query}&format=pdf"),
        "pdf": format!("/orgs/{id}/document?{query}&format=pdf&download=1"),
        "docx": format!("/orgs/{id}/document?{query}&format=docx&download=1"),
    });
    let mut r = page("preview", &label, "orgs", ctx, StatusCode::OK);
    r.extensions_mut().insert(Framing::FramesPdf);
    Ok(r)
}

async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let request = api::doc_request(&q)?;
    let inline = request.format == super::render::DocFormat::Pdf && !q.contains_key("download");
    let doc = api::render(&state, &id, request).await?;
    let mut r = api::document_response(&id, doc, inline);
    if inline {
        r.extensions_mut().insert(Framing::FramedBySelf);
    }
    Ok(r)
}

async fn export(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    Ok(api::export_zip(&state, &id).await?)
}

// ---------------------------------------------------------------------------------------------
// Acts.

fn section_cell(state: &SectionState) -> (String, bool) {
    let acts = |it: &mut dyn Iterator<Item = &str>| {
        let mut v: Vec<&str> = it.collect();
        v.sort_unstable();
        v.dedup();
        v.iter().map(|n| format!("№ {n}")).collect::<Vec<_>>().join(", ")
    };
    match state {
        SectionState::Whole { heading, items } => {
            let by = acts(&mut std::iter::once(heading).chain(items).map(|i| i.provenance.act.number.as_str()));
            (format!("толық ({by}), {} абзац", items.len()), false)
        }
        SectionState::Partial { abzacs } => {
            let nums: Vec<String> = abzacs.keys().map(u32::to_string).collect();
            let by = acts(&mut abzacs.values().map(|i| i.provenance.act.number.as_str()));
            (format!("ішінара: {} абзац ({by}); қалғаны белгіленбеген", nums.join(", ")), false)
        }
        SectionState::NotSet => ("актілерде белгіленбеген".to_string(), true),
    }
}

fn acts_page(state: &AppState, notice: Option<String>, upload_error: Option<&Error>, status: StatusCode) -> Response {
    let c = state.catalog();
    let acts: Vec<Value> = c
        .files
        .iter()
        .map(|f| match &f.loaded {
            Ok(a) => {
                let review = c.model.review.acts.iter().find(|r| r.file == f.file);
                json!({
                "ok": true, "file": f.file, "embedded": f.embedded, "number": a.id.number, "date": a.id.date,
                "repairs": review.map_or(0, |r| r.repairs.len()), "warnings": review.map_or(0, |r| r.warnings.len()),
                "title": a.title, "issuer": a.issuer, "instructions": a.instructions, "error": null,
                "registration": a.registration.as_ref().map(|r| format!("№ {}, {}", r.number, r.date)),
                })
            }
            Err(e) => json!({ "ok": false, "file": f.file, "embedded": f.embedded, "error": e }),
        })
        .collect();
    let positions: Vec<Value> = c
        .model
        .positions
        .iter()
        .map(|p| {
            let sections: Vec<Value> = p
                .sections
                .iter()
                .map(|s| {
                    let (text, unset) = section_cell(&s.state);
                    json!({ "text": format!("{}-т.: {text}", s.point), "unset": unset })
                })
                .collect();
            json!({
                "points": format!("{}–{}", p.points[0], p.points[2]),
                "placement": p.placement.as_ref().map_or_else(|| "—".to_string(), |pl| format!("{}-тарау, {} §{}", pl.chapter, pl.paragraph, if pl.inference.is_some() { " (қорытынды)" } else { "" })),
                "title": p.title.as_ref().map(|t| t.text.clone()),
                "sections": sections,
            })
        })
        .collect();
    let notes: Vec<Value> =
        c.model.inferences.iter().map(|i| json!({ "claim": i.claim, "reasons": i.reasons })).collect();
    let summary = c.model.review.summary();
    let ctx = json!({
        "acts": acts, "notice": notice, "problem": c.problem, "notes": notes,
        "review": { "repairs": summary.repairs, "warnings": summary.warnings, "listed": summary.listed,
                    "report": c.model.review.report() },
        "upload_error": upload_error.map(|e| e.body()),
        "positions": positions, "position_count": c.model.positions.len(),
    });
    page("acts", "Актілер", "acts", ctx, status)
}

async fn acts(State(state): State<AppState>) -> Response {
    acts_page(&state, None, None, StatusCode::OK)
}

async fn upload_act(State(state): State<AppState>, mut multipart: Multipart) -> Response {
    let result: Result<String, Error> = async {
        let mut bytes = None;
        while let Some(field) = multipart.next_field().await? {
            if field.name() == Some("file") {
                bytes = Some(field.bytes().await?);
            }
        }
        let bytes = bytes.ok_or_else(|| Error::BadRequest("файл таңдалмады".into()))?;
        let catalog = state.catalog();
        let file = super::render::check_act_upload(&catalog, &bytes)?;
        state.store.add_act(&file, &bytes).await?;
        state.reload_catalog();
        Ok(file)
    }
    .await;
    match result {
        Ok(file) => acts_page(&state, Some(format!("Акт жүктелді: {file}")), None, StatusCode::OK),
        Err(e) => {
            let status = e.status();
            acts_page(&state, None, Some(&e), status)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Login (only when a token is required).

async fn login_page(State(state): State<AppState>) -> Response {
    if state.access.token.is_none() {
        return Redirect::to("/orgs").into_response();
    }
    page("login", "Кіру", "", json!({ "error": null }), StatusCode::OK)
}

async fn login(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Some(expected) = state.access.token else { return Redirect::to("/orgs").into_response() };
    let who = peer.map_or_else(|| "unknown".to_string(), |Extension(ConnectInfo(a))| a.ip().to_string());
    let token = form.iter().find(|(k, _)| k == "token").map_or("", |(_, v)| v.as_str());
    if guard::token_ok(&expected, token) {
        if let Ok(mut f) = state.login_failures.lock() {
            f.remove(&who);
        }
        let cookie =
            format!("{}={}; HttpOnly; SameSite=Strict; Path=/", guard::SESSION_COOKIE, guard::session_value(&expected));
        let mut r = Redirect::to("/orgs").into_response();
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        return r;
    }
    let failures = match state.login_failures.lock() {
        Ok(mut f) => {
            let n = f.entry(who).or_insert(0);
            *n = n.saturating_add(1);
            *n
        }
        Err(_) => limits::LOGIN_FREE_TRIES + 1,
    };
    if failures > limits::LOGIN_FREE_TRIES {
        let delay = limits::LOGIN_DELAY_STEP * (failures - limits::LOGIN_FREE_TRIES);
        tokio::time::sleep(delay.min(limits::LOGIN_MAX_DELAY)).await;
    }
    page("login", "Кіру", "", json!({ "error": "Токен дұрыс емес." }), StatusCode::UNAUTHORIZED)
}
