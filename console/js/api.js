// The public GraphQL API, as the console uses it: POST with the session's Bearer token.

const ENDPOINT = new URL("../graphql", document.baseURI);
const STORAGE_KEY = "apikeys.console.session";
export const SIGNED_OUT = "console:signed-out";

export class ApiError extends Error {
  constructor(message, code, field = null, extensions = {}) {
    super(message);
    this.code = code;
    this.field = field;
    this.extensions = extensions;
  }
}

export function currentSession() {
  let session = null;
  try {
    session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    session = null;
  }
  if (!session?.token || Date.parse(session.expiresAt) <= Date.now()) {
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }
  return session;
}

export function keepSession(session) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function forgetSession() {
  sessionStorage.removeItem(STORAGE_KEY);
}

// Sudo mode: who asks for the password again when the API answers SUDO_REQUIRED (sudo.js).
let confirmSudo = null;

export function onSudoRequired(handler) {
  confirmSudo = handler;
}

/** Runs one operation; resolves to its data, or rejects with the first error as ApiError.
 * SUDO_REQUIRED asks for the password (once) and runs the operation again. */
export async function graphql(query, variables = {}, options = {}) {
  try {
    return await request(query, variables, options);
  } catch (error) {
    if (error?.code !== "SUDO_REQUIRED" || !confirmSudo || !(await confirmSudo(error.message))) throw error;
    return request(query, variables, options);
  }
}

async function request(query, variables = {}, { authenticated = true } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const session = authenticated ? currentSession() : null;
  if (session) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("The service cannot be reached. Check the connection and retry.", "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`Unexpected answer from the service (HTTP ${response.status}).`, "BAD_RESPONSE");
  }
  const [first] = body.errors ?? [];
  if (first) {
    const code = first.extensions?.code ?? "UNKNOWN";
    if (code === "UNAUTHENTICATED" && authenticated) {
      forgetSession();
      document.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: first.message }));
    }
    throw new ApiError(first.message, code, first.extensions?.field ?? null, first.extensions ?? {});
  }
  return body.data;
}

/** The console's view of an error: the server's message as it comes. */
export function messageOf(error) {
  return error instanceof ApiError ? error.message : `Unexpected error: ${error}`;
}
