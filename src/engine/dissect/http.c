/* SPDX-License-Identifier: GPL-3.0-or-later */
/* http.c: HTTP/1.x requests and responses, and line-based text bodies
 *
 * Messages are found by content on any TCP port (a method and a space, or
 * "HTTP/1."), and on ports 80/8080 by the port table.  There is no
 * reassembly across TCP segments: a segment that does not start a message
 * on a stream already known to carry HTTP is shown as "Continuation", as
 * Wireshark does with reassembly off, and a header block cut by the end of
 * the segment is dissected as far as its complete lines go.
 *
 * The analysis pass numbers the requests and responses of every TCP stream
 * so that any frame can later show its "Request in frame", "Prev request
 * in frame" and time since the request, and switches a stream to WebSocket
 * after "101 Switching Protocols" with "Upgrade: websocket".
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "trawl-web.h"
#include "trawl-dissect.h"
#include "trawl-tcp.h"
#include "analysis/trawl-analysis.h"
#include "analysis/trawl-tcp-reassembly.h"
#include "trawl-inflate.h"

/* Bounds: a hostile segment cannot make us loop long. */
#define HTTP_MAX_INFLATED    (64u << 20)
#define MAX_HEADERS          256
#define MAX_MESSAGES_PER_SEG 16
#define MAX_CHUNKS           256

static int proto_http = -1;
static int proto_text_lines = -1;

static int hf_http_response = -1;
static int hf_http_request = -1;
static int hf_http_response_number = -1;
static int hf_http_request_number = -1;
static int hf_http_response_line = -1;
static int hf_http_request_line = -1;
static int hf_http_request_method = -1;
static int hf_http_request_uri = -1;
static int hf_http_request_path = -1;
static int hf_http_request_query = -1;
static int hf_http_request_query_parameter = -1;
static int hf_http_request_version = -1;
static int hf_http_response_version = -1;
static int hf_http_request_full_uri = -1;
static int hf_http_response_code = -1;
static int hf_http_response_code_desc = -1;
static int hf_http_response_for_uri = -1;
static int hf_http_response_phrase = -1;
static int hf_http_authorization = -1;
static int hf_http_proxy_authenticate = -1;
static int hf_http_proxy_authorization = -1;
static int hf_http_www_authenticate = -1;
static int hf_http_content_type = -1;
static int hf_http_content_length_header = -1;
static int hf_http_content_length = -1;
static int hf_http_content_encoding = -1;
static int hf_http_transfer_encoding = -1;
static int hf_http_upgrade = -1;
static int hf_http_user_agent = -1;
static int hf_http_host = -1;
static int hf_http_connection = -1;
static int hf_http_cookie = -1;
static int hf_http_cookie_pair = -1;
static int hf_http_accept = -1;
static int hf_http_referer = -1;
static int hf_http_accept_language = -1;
static int hf_http_accept_encoding = -1;
static int hf_http_date = -1;
static int hf_http_cache_control = -1;
static int hf_http_server = -1;
static int hf_http_location = -1;
static int hf_http_sec_websocket_accept = -1;
static int hf_http_sec_websocket_extensions = -1;
static int hf_http_sec_websocket_key = -1;
static int hf_http_sec_websocket_protocol = -1;
static int hf_http_sec_websocket_version = -1;
static int hf_http_set_cookie = -1;
static int hf_http_last_modified = -1;
static int hf_http_x_forwarded_for = -1;
static int hf_http_http2_settings = -1;
static int hf_http_request_in = -1;
static int hf_http_response_in = -1;
static int hf_http_next_request_in = -1;
static int hf_http_next_response_in = -1;
static int hf_http_prev_request_in = -1;
static int hf_http_prev_response_in = -1;
static int hf_http_time = -1;
static int hf_http_chunk_boundary = -1;
static int hf_http_chunk_size = -1;
static int hf_http_chunk_data = -1;
static int hf_http_file_data = -1;

/* Wireshark's status code names; a code not listed takes its class's
 * "xx99" name. */
static const TrawlValueName status_names[] = {
  { 100, "Continue" },
  { 101, "Switching Protocols" },
  { 102, "Processing" },
  { 103, "Early Hints" },
  { 199, "Informational - Others" },
  { 200, "OK" },
  { 201, "Created" },
  { 202, "Accepted" },
  { 203, "Non-authoritative Information" },
  { 204, "No Content" },
  { 205, "Reset Content" },
  { 206, "Partial Content" },
  { 207, "Multi-Status" },
  { 208, "Already Reported" },
  { 226, "IM Used" },
  { 299, "Success - Others" },
  { 300, "Multiple Choices" },
  { 301, "Moved Permanently" },
  { 302, "Found" },
  { 303, "See Other" },
  { 304, "Not Modified" },
  { 305, "Use Proxy" },
  { 307, "Temporary Redirect" },
  { 308, "Permanent Redirect" },
  { 399, "Redirection - Others" },
  { 400, "Bad Request" },
  { 401, "Unauthorized" },
  { 402, "Payment Required" },
  { 403, "Forbidden" },
  { 404, "Not Found" },
  { 405, "Method Not Allowed" },
  { 406, "Not Acceptable" },
  { 407, "Proxy Authentication Required" },
  { 408, "Request Time-out" },
  { 409, "Conflict" },
  { 410, "Gone" },
  { 411, "Length Required" },
  { 412, "Precondition Failed" },
  { 413, "Request Entity Too Large" },
  { 414, "Request-URI Too Long" },
  { 415, "Unsupported Media Type" },
  { 416, "Requested Range Not Satisfiable" },
  { 417, "Expectation Failed" },
  { 418, "I'm a teapot" },
  { 421, "Misdirected Request" },
  { 422, "Unprocessable Entity" },
  { 423, "Locked" },
  { 424, "Failed Dependency" },
  { 425, "Too Early" },
  { 426, "Upgrade Required" },
  { 428, "Precondition Required" },
  { 429, "Too Many Requests" },
  { 431, "Request Header Fields Too Large" },
  { 451, "Unavailable For Legal Reasons" },
  { 499, "Client Error - Others" },
  { 500, "Internal Server Error" },
  { 501, "Not Implemented" },
  { 502, "Bad Gateway" },
  { 503, "Service Unavailable" },
  { 504, "Gateway Time-out" },
  { 505, "HTTP Version not supported" },
  { 506, "Variant Also Negotiates" },
  { 507, "Insufficient Storage" },
  { 508, "Loop Detected" },
  { 510, "Not Extended" },
  { 511, "Network Authentication Required" },
  { 599, "Server Error - Others" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_http_response, "http.response", N_("Response"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("TRUE if HTTP response") },
  { &hf_http_request, "http.request", N_("Request"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("TRUE if HTTP request") },
  { &hf_http_response_number, "http.response_number", N_("Response number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_http_request_number, "http.request_number", N_("Request number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_http_response_line, "http.response.line", N_("Response line"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_request_line, "http.request.line", N_("Request line"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_request_method, "http.request.method", N_("Request Method"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Request Method") },
  { &hf_http_request_uri, "http.request.uri", N_("Request URI"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Request-URI") },
  { &hf_http_request_path, "http.request.uri.path", N_("Request URI Path"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Request-URI Path") },
  { &hf_http_request_query, "http.request.uri.query", N_("Request URI Query"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Request-URI Query") },
  { &hf_http_request_query_parameter, "http.request.uri.query.parameter", N_("Request URI Query Parameter"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Request-URI Query Parameter") },
  { &hf_http_request_version, "http.request.version", N_("Request Version"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Request HTTP-Version") },
  { &hf_http_response_version, "http.response.version", N_("Response Version"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Response HTTP-Version") },
  { &hf_http_request_full_uri, "http.request.full_uri", N_("Full request URI"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("The full requested URI (including host name)") },
  { &hf_http_response_code, "http.response.code", N_("Status Code"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("HTTP Response Status Code") },
  { &hf_http_response_code_desc, "http.response.code.desc", N_("Status Code Description"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Response Status Code Description") },
  { &hf_http_response_for_uri, "http.response_for.uri", N_("Request URI"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Response For-URI") },
  { &hf_http_response_phrase, "http.response.phrase", N_("Response Phrase"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Response Reason Phrase") },
  { &hf_http_authorization, "http.authorization", N_("Authorization"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Authorization header") },
  { &hf_http_proxy_authenticate, "http.proxy_authenticate", N_("Proxy-Authenticate"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Proxy-Authenticate header") },
  { &hf_http_proxy_authorization, "http.proxy_authorization", N_("Proxy-Authorization"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Proxy-Authorization header") },
  { &hf_http_www_authenticate, "http.www_authenticate", N_("WWW-Authenticate"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP WWW-Authenticate header") },
  { &hf_http_content_type, "http.content_type", N_("Content-Type"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Content-Type header") },
  { &hf_http_content_length_header, "http.content_length_header", N_("Content-Length"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Content-Length header") },
  { &hf_http_content_length, "http.content_length", N_("Content length"), TRAWL_FT_UINT64, TRAWL_BASE_DEC },
  { &hf_http_content_encoding, "http.content_encoding", N_("Content-Encoding"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Content-Encoding header") },
  { &hf_http_transfer_encoding, "http.transfer_encoding", N_("Transfer-Encoding"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Transfer-Encoding header") },
  { &hf_http_upgrade, "http.upgrade", N_("Upgrade"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Upgrade header") },
  { &hf_http_user_agent, "http.user_agent", N_("User-Agent"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP User-Agent header") },
  { &hf_http_host, "http.host", N_("Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Host") },
  { &hf_http_connection, "http.connection", N_("Connection"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Connection") },
  { &hf_http_cookie, "http.cookie", N_("Cookie"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Cookie") },
  { &hf_http_cookie_pair, "http.cookie_pair", N_("Cookie pair"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("A name/value HTTP cookie pair") },
  { &hf_http_accept, "http.accept", N_("Accept"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Accept") },
  { &hf_http_referer, "http.referer", N_("Referer"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Referer") },
  { &hf_http_accept_language, "http.accept_language", N_("Accept-Language"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Accept Language") },
  { &hf_http_accept_encoding, "http.accept_encoding", N_("Accept Encoding"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Accept Encoding") },
  { &hf_http_date, "http.date", N_("Date"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Date") },
  { &hf_http_cache_control, "http.cache_control", N_("Cache-Control"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Cache Control") },
  { &hf_http_server, "http.server", N_("Server"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Server") },
  { &hf_http_location, "http.location", N_("Location"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Location") },
  { &hf_http_sec_websocket_accept, "http.sec_websocket_accept", N_("Sec-WebSocket-Accept"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_sec_websocket_extensions, "http.sec_websocket_extensions", N_("Sec-WebSocket-Extensions"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_sec_websocket_key, "http.sec_websocket_key", N_("Sec-WebSocket-Key"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_sec_websocket_protocol, "http.sec_websocket_protocol", N_("Sec-WebSocket-Protocol"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_sec_websocket_version, "http.sec_websocket_version", N_("Sec-WebSocket-Version"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_set_cookie, "http.set_cookie", N_("Set-Cookie"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Set Cookie") },
  { &hf_http_last_modified, "http.last_modified", N_("Last-Modified"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP Last Modified") },
  { &hf_http_x_forwarded_for, "http.x_forwarded_for", N_("X-Forwarded-For"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("HTTP X-Forwarded-For") },
  { &hf_http_http2_settings, "http.http2_settings", N_("HTTP2-Settings"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_http_request_in, "http.request_in", N_("Request in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This packet is a response to the packet with this number") },
  { &hf_http_response_in, "http.response_in", N_("Response in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This packet will be responded in the packet with this number") },
  { &hf_http_next_request_in, "http.next_request_in", N_("Next request in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The next HTTP request starts in packet number") },
  { &hf_http_next_response_in, "http.next_response_in", N_("Next response in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The next HTTP response starts in packet number") },
  { &hf_http_prev_request_in, "http.prev_request_in", N_("Prev request in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The previous HTTP request starts in packet number") },
  { &hf_http_prev_response_in, "http.prev_response_in", N_("Prev response in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The previous HTTP response starts in packet number") },
  { &hf_http_time, "http.time", N_("Time since request"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time since the request was sent") },
  { &hf_http_chunk_boundary, "http.chunk_boundary", N_("Chunk boundary"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_http_chunk_size, "http.chunk_size", N_("Chunk size"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_http_chunk_data, "http.chunk_data", N_("Chunk data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_http_file_data, "http.file_data", N_("File Data"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
};

/* ---- headers we know ---- */

typedef enum
{
  HDR_OTHER,
  HDR_CONTENT_TYPE,
  HDR_CONTENT_LENGTH,
  HDR_TRANSFER_ENCODING,
  HDR_HOST,
  HDR_UPGRADE,
  HDR_COOKIE,
  HDR_CONTENT_ENCODING,
} HeaderKind;

typedef struct
{
  const char *name;   /* lower case */
  guint8      len;    /* strlen (name): compared first, for every header line */
  int        *hf;
  HeaderKind  kind;
} HeaderDef;

#define HDR(name, hf, kind) { name, sizeof name - 1, hf, kind }

static const HeaderDef header_defs[] = {
  HDR ("host", &hf_http_host, HDR_HOST),
  HDR ("user-agent", &hf_http_user_agent, HDR_OTHER),
  HDR ("accept", &hf_http_accept, HDR_OTHER),
  HDR ("accept-language", &hf_http_accept_language, HDR_OTHER),
  HDR ("accept-encoding", &hf_http_accept_encoding, HDR_OTHER),
  HDR ("connection", &hf_http_connection, HDR_OTHER),
  HDR ("upgrade", &hf_http_upgrade, HDR_UPGRADE),
  HDR ("content-type", &hf_http_content_type, HDR_CONTENT_TYPE),
  HDR ("content-length", &hf_http_content_length_header, HDR_CONTENT_LENGTH),
  HDR ("content-encoding", &hf_http_content_encoding, HDR_CONTENT_ENCODING),
  HDR ("transfer-encoding", &hf_http_transfer_encoding, HDR_TRANSFER_ENCODING),
  HDR ("server", &hf_http_server, HDR_OTHER),
  HDR ("date", &hf_http_date, HDR_OTHER),
  HDR ("location", &hf_http_location, HDR_OTHER),
  HDR ("cache-control", &hf_http_cache_control, HDR_OTHER),
  HDR ("cookie", &hf_http_cookie, HDR_COOKIE),
  HDR ("set-cookie", &hf_http_set_cookie, HDR_OTHER),
  HDR ("last-modified", &hf_http_last_modified, HDR_OTHER),
  HDR ("referer", &hf_http_referer, HDR_OTHER),
  HDR ("x-forwarded-for", &hf_http_x_forwarded_for, HDR_OTHER),
  HDR ("authorization", &hf_http_authorization, HDR_OTHER),
  HDR ("proxy-authorization", &hf_http_proxy_authorization, HDR_OTHER),
  HDR ("proxy-authenticate", &hf_http_proxy_authenticate, HDR_OTHER),
  HDR ("www-authenticate", &hf_http_www_authenticate, HDR_OTHER),
  HDR ("sec-websocket-accept", &hf_http_sec_websocket_accept, HDR_OTHER),
  HDR ("sec-websocket-extensions", &hf_http_sec_websocket_extensions, HDR_OTHER),
  HDR ("sec-websocket-key", &hf_http_sec_websocket_key, HDR_OTHER),
  HDR ("sec-websocket-protocol", &hf_http_sec_websocket_protocol, HDR_OTHER),
  HDR ("sec-websocket-version", &hf_http_sec_websocket_version, HDR_OTHER),
  HDR ("http2-settings", &hf_http_http2_settings, HDR_OTHER),
};

/* Whether @name (any case) is @lower: most candidates differ in their
 * first letter, so no library call per header and candidate. */
static inline gboolean
name_is (const guint8 *name,
         const char   *lower,
         guint32       len)
{
  for (guint32 i = 0; i < len; i++)
    if ((name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]) != (guint8) lower[i])
      return FALSE;
  return TRUE;
}

static const HeaderDef *
header_lookup (const guint8 *name,
               guint32       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_defs); i++)
    if (header_defs[i].len == len && name_is (name, header_defs[i].name, len))
      return &header_defs[i];
  return NULL;
}

#define METHOD(m) { m, sizeof m - 1 }
static const struct { const char *name; guint8 len; } methods[] = {
  METHOD ("GET"), METHOD ("POST"), METHOD ("HEAD"), METHOD ("PUT"), METHOD ("DELETE"),
  METHOD ("OPTIONS"), METHOD ("CONNECT"), METHOD ("TRACE"), METHOD ("PATCH"),
  METHOD ("PROPFIND"), METHOD ("PROPPATCH"), METHOD ("MKCOL"), METHOD ("COPY"),
  METHOD ("MOVE"), METHOD ("LOCK"), METHOD ("UNLOCK"), METHOD ("SEARCH"), METHOD ("REPORT"),
  METHOD ("NOTIFY"), METHOD ("SUBSCRIBE"), METHOD ("UNSUBSCRIBE"), METHOD ("M-SEARCH"),
  METHOD ("PRI"),
};

/* ---- first-pass facts: message numbering per TCP stream ---- */

typedef struct
{
  guint32 frame;
  gint64  ts_ns;
  char   *full_uri;      /* requests: "http://host/uri" or NULL */
} HttpMsg;

typedef struct
{
  GArray *requests;      /* HttpMsg */
  GArray *responses;     /* HttpMsg */
  guint32 first_frame;   /* first frame with an HTTP message */
} HttpStream;

/* Where a message of a frame went: 16 bytes each, in one array sorted
 * by (frame, msg_no), which the first pass appends to in frame order (a
 * hash table of them took five times the memory). */
typedef struct
{
  guint32 frame;
  guint32 stream;
  guint32 index;         /* 0-based in requests or responses */
  guint8  msg_no;        /* its place among the messages of the segment */
  guint8  is_request;
} HttpMsgRef;

typedef struct
{
  GHashTable *streams;   /* tcp.stream -> HttpStream */
  GArray     *msgs;      /* HttpMsgRef, sorted by (frame, msg_no) */
  GHashTable *tls;       /* tcp.stream -> TlsSession (for tls.c) */
} HttpAnalysis;

typedef struct
{
  guint32 frame;         /* the ServerHello's frame */
  guint16 version;       /* the version it chose */
} TlsSession;

static void
http_stream_free (gpointer data)
{
  HttpStream *s = data;

  for (guint i = 0; i < s->requests->len; i++)
    g_free (g_array_index (s->requests, HttpMsg, i).full_uri);
  g_array_free (s->requests, TRUE);
  g_array_free (s->responses, TRUE);
  g_free (s);
}

void
trawl_http_analysis_free (gpointer http)
{
  HttpAnalysis *a = http;

  if (a == NULL)
    return;
  g_hash_table_destroy (a->streams);
  g_array_unref (a->msgs);
  g_hash_table_destroy (a->tls);
  g_free (a);
}

static HttpAnalysis *
http_analysis (TrawlPacket *pkt,
               gboolean     create)
{
  HttpAnalysis *a;

  if (pkt->analysis == NULL || pkt->tcp == NULL || pkt->tcp->stream == G_MAXUINT32)
    return NULL;
  a = pkt->analysis->http;
  /* Only the analysis pass writes, on one thread; the caller holds
   * the analysis lock (analysis_locker), as readers beside it do. */
  if (a == NULL && create && pkt->first_pass)
    {
      a = g_new0 (HttpAnalysis, 1);
      a->streams = g_hash_table_new_full (NULL, NULL, NULL, http_stream_free);
      a->msgs = g_array_new (FALSE, FALSE, sizeof (HttpMsgRef));
      a->tls = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      pkt->analysis->http = a;
    }
  return a;
}

/* Every use of the tables below holds the analysis lock: a pass run by
 * trawl_analysis_start() fills them while output threads read. */
static GMutexLocker *
analysis_locker (TrawlPacket *pkt)
{
  return pkt->analysis != NULL ? trawl_analysis_locker (pkt->analysis) : NULL;
}

/* TLS session versions live here too: the analysis has one pointer for
 * the web protocols (trawl-web.h). */

gboolean
trawl_web_tls_session_lookup (TrawlPacket *pkt,
                              guint32     *frame,
                              guint16     *version)
{
  g_autoptr(GMutexLocker) locker = analysis_locker (pkt);
  HttpAnalysis *a = http_analysis (pkt, FALSE);
  const TlsSession *s;

  if (a == NULL)
    return FALSE;
  s = g_hash_table_lookup (a->tls, GUINT_TO_POINTER (pkt->tcp->stream));
  if (s == NULL)
    return FALSE;
  *frame = s->frame;
  *version = s->version;
  return TRUE;
}

void
trawl_web_tls_session_set (TrawlPacket *pkt,
                           guint16      version)
{
  g_autoptr(GMutexLocker) locker = analysis_locker (pkt);
  HttpAnalysis *a = http_analysis (pkt, TRUE);
  TlsSession *s;

  if (a == NULL || !pkt->first_pass)
    return;
  s = g_new (TlsSession, 1);
  s->frame = pkt->number;
  s->version = version;
  g_hash_table_replace (a->tls, GUINT_TO_POINTER (pkt->tcp->stream), s);
}

static gboolean
stream_known_http (TrawlPacket *pkt)
{
  g_autoptr(GMutexLocker) locker = analysis_locker (pkt);
  HttpAnalysis *a = http_analysis (pkt, FALSE);
  HttpStream *s;

  if (a == NULL)
    return FALSE;
  s = g_hash_table_lookup (a->streams, GUINT_TO_POINTER (pkt->tcp->stream));
  return s != NULL && pkt->number > s->first_frame;
}

static void
record_message (TrawlPacket *pkt,
                guint        msg_no,
                gboolean     is_request,
                const char  *full_uri)
{
  g_autoptr(GMutexLocker) locker = analysis_locker (pkt);
  HttpAnalysis *a = http_analysis (pkt, TRUE);
  HttpStream *s;
  HttpMsgRef ref = { pkt->number, pkt->tcp ? pkt->tcp->stream : 0, 0, (guint8) msg_no, (guint8) is_request };
  HttpMsg m = { pkt->number, pkt->ts_ns, NULL };

  if (a == NULL)
    return;
  /* A frame dissected twice in the pass records nothing new. */
  if (a->msgs->len > 0)
    {
      const HttpMsgRef *last = &g_array_index (a->msgs, HttpMsgRef, a->msgs->len - 1);
      if (last->frame > ref.frame || (last->frame == ref.frame && last->msg_no >= ref.msg_no))
        return;
    }
  s = g_hash_table_lookup (a->streams, GUINT_TO_POINTER (pkt->tcp->stream));
  if (s == NULL)
    {
      s = g_new0 (HttpStream, 1);
      s->requests = g_array_new (FALSE, FALSE, sizeof (HttpMsg));
      s->responses = g_array_new (FALSE, FALSE, sizeof (HttpMsg));
      s->first_frame = pkt->number;
      g_hash_table_insert (a->streams, GUINT_TO_POINTER (pkt->tcp->stream), s);
    }
  if (is_request)
    {
      m.full_uri = g_strdup (full_uri);
      ref.index = s->requests->len;
      g_array_append_val (s->requests, m);
    }
  else
    {
      ref.index = s->responses->len;
      g_array_append_val (s->responses, m);
    }
  g_array_append_val (a->msgs, ref);
}

static const HttpMsgRef *
lookup_message (TrawlPacket *pkt,
                guint        msg_no,
                HttpStream **stream)
{
  HttpAnalysis *a = http_analysis (pkt, FALSE);
  const HttpMsgRef *ref = NULL;
  guint lo = 0, hi;

  if (a == NULL)
    return NULL;
  hi = a->msgs->len;
  while (lo < hi && ref == NULL)
    {
      guint mid = lo + (hi - lo) / 2;
      const HttpMsgRef *r = &g_array_index (a->msgs, HttpMsgRef, mid);

      if (r->frame < pkt->number || (r->frame == pkt->number && r->msg_no < msg_no))
        lo = mid + 1;
      else if (r->frame > pkt->number || r->msg_no > msg_no)
        hi = mid;
      else
        ref = r;
    }
  if (ref == NULL)
    return NULL;
  *stream = g_hash_table_lookup (a->streams, GUINT_TO_POINTER (ref->stream));
  return *stream ? ref : NULL;
}

/* ---- text helpers ---- */

/* Printable text as Wireshark's format_text shows it: C escapes for
 * control characters, \xhh for bytes that are not UTF-8. */
static char *
escape_text (TrawlPacket  *pkt,
             const guint8 *p,
             guint32       n)
{
  static const char hex[] = "0123456789abcdef";
  gboolean utf8 = TRUE;
  char *out, *q;
  guint32 i;

  /* Most lines are printable ASCII: copied as they are. */
  for (i = 0; i < n; i++)
    if (p[i] < 0x20 || p[i] >= 0x7f || p[i] == '\\')
      break;
  if (i == n)
    return trawl_arena_strndup (pkt->arena, (const char *) p, n);

  for (guint32 k = i; k < n; k++)
    if (p[k] >= 0x80)
      {
        utf8 = g_utf8_validate ((const char *) p, n, NULL);
        break;
      }
  /* At most 4 bytes out for one in (\xhh). */
  out = q = trawl_arena_alloc (pkt->arena, (gsize) n * 4 + 1);
  memcpy (q, p, i);
  q += i;
  for (; i < n; i++)
    {
      guint8 c = p[i];
      switch (c)
        {
        case '\r': *q++ = '\\'; *q++ = 'r'; break;
        case '\n': *q++ = '\\'; *q++ = 'n'; break;
        case '\t': *q++ = '\\'; *q++ = 't'; break;
        case '\\': *q++ = '\\'; *q++ = '\\'; break;
        default:
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
            {
              *q++ = '\\';
              *q++ = 'x';
              *q++ = hex[c >> 4];
              *q++ = hex[c & 0xf];
            }
          else
            *q++ = (char) c;
        }
    }
  *q = '\0';
  return out;
}

/* Length of the line starting at @off including its LF, and in *content
 * the length without CR LF; 0 when there is no LF before the end. */
static guint32
line_at (TrawlCursor *cur,
         guint32            off,
         guint32           *content)
{
  gint64 lf = trawl_cursor_find (cur, off, '\n');
  guint32 end;

  if (lf < 0)
    return 0;
  end = (guint32) lf;
  *content = end - off;
  if (*content > 0 && trawl_cursor_get_u8 (cur, end - 1) == '\r')
    (*content)--;
  return end + 1 - off;
}

static gboolean
is_http_version (const guint8 *p,
                 guint32       n)
{
  return n >= 8 && memcmp (p, "HTTP/1.", 7) == 0 && g_ascii_isdigit (p[7]);
}

/* Does a message start at @off?  *is_request tells which kind. */
static gboolean
message_starts (TrawlCursor *cur,
                guint32      off,
                gboolean    *is_request)
{
  guint32 avail = trawl_cursor_has (cur, off, 0) ? trawl_cursor_len (cur) - off : 0;
  const guint8 *p = avail ? trawl_cursor_ptr (cur, off, avail) : NULL;

  if (p == NULL)
    return FALSE;
  if (avail >= 9 && is_http_version (p, avail) && p[8] == ' ')
    {
      *is_request = FALSE;
      return TRUE;
    }
  /* Every method is in capitals: a body or another protocol's bytes
   * rarely start with two. */
  if (avail < 4 || p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      gsize ml = methods[i].len;
      if (avail > ml && p[0] == methods[i].name[0] && memcmp (p, methods[i].name, ml) == 0 && p[ml] == ' ')
        {
          *is_request = TRUE;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- line-based text ---- */

/* The "data-text-lines" protocol: a body shown line by line. */
void
trawl_dissect_text_lines (TrawlPacket *pkt,
                          TrawlCursor *cur,
                          TrawlNode   *parent,
                          const char  *media_type)
{
  guint32 len = trawl_cursor_len (cur);
  guint32 off = 0, lines = 0;
  TrawlNode *top;

  if (len == 0)
    return;
  top = trawl_tree_add_protocol (pkt, parent, proto_text_lines, cur, 0, len);
  /* Each line takes at least a byte: no bound beyond the body's. */
  while (off < len)
    {
      gint64 lf = trawl_cursor_find (cur, off, '\n');
      guint32 end = lf < 0 ? len : (guint32) lf + 1;
      if (trawl_packet_tree_wanted (pkt))
        trawl_tree_add_text (pkt, top, cur, off, end - off, "%s",
                             escape_text (pkt, trawl_cursor_ptr (cur, off, end - off), end - off));
      lines++;
      off = end;
    }
  if (media_type)
    trawl_node_set_text (pkt, top, "Line-based text data: %s (%u lines)", media_type, lines);
  else
    trawl_node_set_text (pkt, top, "Line-based text data (%u lines)", lines);
}

/* ---- application/x-www-form-urlencoded ---- */

static int proto_urlencoded = -1;
static int hf_form_key = -1;
static int hf_form_value = -1;

static const TrawlFieldDef form_fields[] = {
  { &hf_form_key, "urlencoded-form.key", N_("Key"), TRAWL_FT_STRINGZ, TRAWL_BASE_NONE },
  { &hf_form_value, "urlencoded-form.value", N_("Value"), TRAWL_FT_STRINGZ, TRAWL_BASE_NONE },
};

static int
hex_digit (guint8 c)
{
  return g_ascii_xdigit_value ((char) c);
}

/* Decode the form token at @off up to @sep or the end: '+' is a space,
 * %XX a byte.  Returns the offset of the separator (or the end), or -1
 * when a %-escape is broken, where Wireshark stops the form. */
static gint64
form_token (TrawlPacket  *pkt,
            TrawlCursor  *cur,
            guint32       off,
            guint8        sep,
            char        **out)
{
  guint32 len = trawl_cursor_len (cur);
  guint32 end = off;
  char *w;

  /* First pass: find the end and check the escapes. */
  while (end < len)
    {
      guint8 c = trawl_cursor_get_u8 (cur, end);
      if (c == sep)
        break;
      if (c == '%')
        {
          if (end + 2 >= len || hex_digit (trawl_cursor_get_u8 (cur, end + 1)) < 0 ||
              hex_digit (trawl_cursor_get_u8 (cur, end + 2)) < 0)
            return -1;
          end += 2;
        }
      end++;
    }
  w = *out = trawl_arena_alloc (pkt->arena, end - off + 1);
  for (guint32 i = off; i < end; i++)
    {
      guint8 c = trawl_cursor_get_u8 (cur, i);
      if (c == '+')
        c = ' ';
      else if (c == '%')
        {
          c = (guint8) (hex_digit (trawl_cursor_get_u8 (cur, i + 1)) << 4 |
                        hex_digit (trawl_cursor_get_u8 (cur, i + 2)));
          i += 2;
        }
      *w++ = (char) c;
    }
  *w = '\0';
  return end;
}

/* The "urlencoded-form" protocol: key=value pairs joined by '&'. */
static void
dissect_urlencoded_form (TrawlPacket *pkt,
                         TrawlCursor *cur,
                         TrawlNode   *parent,
                         const char  *media_type)
{
  guint32 len = trawl_cursor_len (cur);
  guint32 off = 0;
  TrawlNode *top;

  top = trawl_tree_add_protocol (pkt, parent, proto_urlencoded, cur, 0, len);
  trawl_node_set_text (pkt, top, "HTML Form URL Encoded: %s", media_type);
  /* Every pair takes at least one byte: bounded by the body. */
  while (off < len)
    {
      guint32 start = off;
      TrawlNode *item;
      char *key, *value;
      gint64 next;

      item = trawl_tree_add_text (pkt, top, cur, off, 0, "Form item");
      next = form_token (pkt, cur, off, '=', &key);
      if (next < 0)
        break;
      trawl_tree_add_string (pkt, item, hf_form_key, cur, off, (guint32) next - off, key, -1);
      if (item && trawl_packet_tree_wanted (pkt))
        trawl_node_append_text (pkt, item, ": \"%s\"",
                                escape_text (pkt, (const guint8 *) key, strlen (key)));
      off = (guint32) next + 1;
      if (off > len)
        break;
      next = form_token (pkt, cur, off, '&', &value);
      if (next < 0)
        break;
      trawl_tree_add_string (pkt, item, hf_form_value, cur, off, (guint32) next - off, value, -1);
      if (item && trawl_packet_tree_wanted (pkt))
        trawl_node_append_text (pkt, item, " = \"%s\"",
                                escape_text (pkt, (const guint8 *) value, strlen (value)));
      off = (guint32) next + 1;
      trawl_node_set_len (item, MIN (off, len) - start);
    }
}

static gboolean
media_is_text (const char *mt)
{
  static const char *const text_types[] = {
    "application/json", "application/javascript", "application/xml",
    "application/x-javascript", "application/ecmascript",
  };

  if (g_str_has_prefix (mt, "text/"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_types); i++)
    if (strcmp (mt, text_types[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- one message ---- */

typedef struct
{
  gboolean     is_request;
  guint        msg_no;
  const char  *method;       /* arena */
  const char  *uri;
  const char  *host;
  const char  *media_type;   /* lower case, without parameters */
  guint64      content_length;
  gboolean     has_content_length;
  gboolean     chunked;
  gboolean     upgrade_websocket;
  const char  *content_encoding;  /* arena, as sent */
  guint        status;
  const char  *first_line;   /* escaped, without CR LF */
} HttpMessage;

static const char *
status_desc (guint code)
{
  const char *s = trawl_value_name_lookup (status_names, code);

  if (s == NULL)
    s = trawl_value_name_lookup (status_names, (code / 100) * 100 + 99);
  return s ? s : "Unknown";
}

static void
add_uri (TrawlPacket  *pkt,
         TrawlNode    *line,
         TrawlCursor  *cur,
         guint32       off,
         guint32       len,
         HttpMessage  *msg)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, len);
  const guint8 *q;
  TrawlNode *n;

  msg->uri = trawl_arena_strndup (pkt->arena, p ? (const char *) p : "", p ? len : 0);
  n = trawl_tree_add_item (pkt, line, hf_http_request_uri, cur, off, len, TRAWL_ENC_BE);
  q = p ? memchr (p, '?', len) : NULL;
  if (q != NULL)
    {
      /* Wireshark splits a URI with a query into path, query, parameters. */
      guint32 plen = (guint32) (q - p);
      guint32 qoff = off + plen + 1, qlen = len - plen - 1;
      TrawlNode *qn;
      guint32 start = 0;
      trawl_tree_add_item (pkt, n, hf_http_request_path, cur, off, plen, TRAWL_ENC_BE);
      qn = trawl_tree_add_item (pkt, n, hf_http_request_query, cur, qoff, qlen, TRAWL_ENC_BE);
      for (guint32 i = 0; i <= qlen && qn; i++)
        if (i == qlen || q[1 + i] == '&')
          {
            trawl_tree_add_item (pkt, qn, hf_http_request_query_parameter, cur,
                                 qoff + start, i - start, TRAWL_ENC_BE);
            start = i + 1;
          }
    }
}

/* The request or status line: "GET / HTTP/1.1\r\n" with its parts. */
static gboolean
dissect_first_line (TrawlPacket *pkt,
                    TrawlNode   *top,
                    TrawlCursor *cur,
                    guint32      off,
                    guint32      content,
                    guint32      linelen,
                    HttpMessage *msg)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, linelen);
  const guint8 *sp1, *sp2;
  TrawlNode *line = NULL, *n;

  if (p == NULL)
    return FALSE;
  sp1 = memchr (p, ' ', content);
  if (sp1 == NULL)
    return FALSE;
  sp2 = memchr (sp1 + 1, ' ', content - (guint32) (sp1 + 1 - p));
  msg->first_line = escape_text (pkt, p, content);

  if (trawl_packet_tree_wanted (pkt))
    {
      const char *text = escape_text (pkt, p, linelen);
      line = trawl_tree_add_text (pkt, top, cur, off, linelen, "%s", text);
      n = trawl_tree_add_expert (pkt, line, TRAWL_EXPERT_CHAT, "%s", text);
      trawl_node_set_expert_group (n, TRAWL_EXPERT_GROUP_SEQUENCE);
    }

  if (msg->is_request)
    {
      guint32 mlen = (guint32) (sp1 - p);
      guint32 uoff = mlen + 1;
      guint32 ulen = sp2 ? (guint32) (sp2 - sp1 - 1) : content - uoff;
      msg->method = trawl_arena_strndup (pkt->arena, (const char *) p, mlen);
      trawl_tree_add_item (pkt, line, hf_http_request_method, cur, off, mlen, TRAWL_ENC_BE);
      add_uri (pkt, line, cur, off + uoff, ulen, msg);
      if (sp2)
        {
          guint32 voff = (guint32) (sp2 + 1 - p);
          trawl_tree_add_item (pkt, line, hf_http_request_version, cur, off + voff,
                               content - voff, TRAWL_ENC_BE);
        }
    }
  else
    {
      guint32 vlen = (guint32) (sp1 - p);
      guint32 coff = vlen + 1;
      guint32 clen = sp2 ? (guint32) (sp2 - sp1 - 1) : content - coff;
      guint code = 0;
      gboolean ok = clen == 3;

      for (guint32 i = 0; i < clen && i < 3; i++)
        {
          if (!g_ascii_isdigit (p[coff + i]))
            ok = FALSE;
          code = code * 10 + (guint) (p[coff + i] - '0');
        }
      trawl_tree_add_item (pkt, line, hf_http_response_version, cur, off, vlen, TRAWL_ENC_BE);
      if (ok)
        {
          msg->status = code;
          trawl_tree_add_uint (pkt, line, hf_http_response_code, cur, off + coff, 3, code);
          n = trawl_tree_add_string (pkt, line, hf_http_response_code_desc, cur, off + coff, 3,
                                     status_desc (code), -1);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
      if (sp2)
        {
          guint32 poff = (guint32) (sp2 + 1 - p);
          trawl_tree_add_item (pkt, line, hf_http_response_phrase, cur, off + poff,
                               content - poff, TRAWL_ENC_BE);
        }
    }
  return TRUE;
}

static void
add_cookie_pairs (TrawlPacket *pkt,
                  TrawlNode   *hdr,
                  TrawlCursor *cur,
                  guint32      voff,
                  guint32      vlen)
{
  const guint8 *v = trawl_cursor_ptr (cur, voff, vlen);
  guint32 start = 0;

  if (v == NULL || hdr == NULL)
    return;
  for (guint32 i = 0; i <= vlen; i++)
    if (i == vlen || v[i] == ';')
      {
        guint32 s = start;
        while (s < i && v[s] == ' ')
          s++;
        if (i > s)
          trawl_tree_add_item (pkt, hdr, hf_http_cookie_pair, cur, voff + s, i - s, TRAWL_ENC_BE);
        start = i + 1;
      }
}

/* One "Name: value\r\n" header line. */
static void
dissect_header (TrawlPacket *pkt,
                TrawlNode   *top,
                TrawlCursor *cur,
                guint32      off,
                guint32      content,
                guint32      linelen,
                HttpMessage *msg)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, linelen);
  const guint8 *colon = p ? memchr (p, ':', content) : NULL;
  const HeaderDef *def = NULL;
  int hf_line = msg->is_request ? hf_http_request_line : hf_http_response_line;
  guint32 nlen = 0, voff = 0, vlen = 0;
  TrawlNode *n, *ln;
  const char *label = NULL;

  if (colon)
    {
      nlen = (guint32) (colon - p);
      voff = nlen + 1;
      while (voff < content && (p[voff] == ' ' || p[voff] == '\t'))
        voff++;
      vlen = content - voff;
      while (vlen > 0 && (p[voff + vlen - 1] == ' ' || p[voff + vlen - 1] == '\t'))
        vlen--;
      def = header_lookup (p, nlen);
    }

  if (def)
    {
      const char *value = trawl_arena_strndup (pkt->arena, (const char *) p + voff, vlen);
      switch (def->kind)
        {
        case HDR_HOST:
          msg->host = value;
          break;
        case HDR_CONTENT_TYPE:
          {
            const char *semi = strchr (value, ';');
            char *mt = trawl_arena_strndup (pkt->arena, value, semi ? (gsize) (semi - value) : strlen (value));
            g_strstrip (mt);
            for (char *c = mt; *c; c++)
              *c = g_ascii_tolower (*c);
            msg->media_type = mt;
          }
          break;
        case HDR_CONTENT_LENGTH:
          {
            char *end = NULL;
            guint64 v;
            errno = 0;
            v = g_ascii_strtoull (value, &end, 10);
            if (end != value && *end == '\0' && errno == 0)
              {
                msg->content_length = v;
                msg->has_content_length = TRUE;
              }
          }
          break;
        case HDR_TRANSFER_ENCODING:
          if (g_ascii_strcasecmp (value, "chunked") == 0)
            msg->chunked = TRUE;
          break;
        case HDR_CONTENT_ENCODING:
          msg->content_encoding = value;
          break;
        case HDR_UPGRADE:
          if (g_ascii_strcasecmp (value, "websocket") == 0)
            msg->upgrade_websocket = TRUE;
          break;
        default:
          break;
        }
    }

  if (!trawl_packet_tree_wanted (pkt))
    return;

  /* Only node labels use it: none under a field mask. */
  label = trawl_packet_labels_wanted (pkt) ? escape_text (pkt, p, linelen) : "";
  if (def)
    {
      n = trawl_tree_add_item (pkt, top, *def->hf, cur, off + voff, vlen, TRAWL_ENC_BE);
      /* The node spans the whole line, as in Wireshark.  (A field mask
       * - display filters, -T fields - may leave the node out.) */
      if (n)
        {
          n->start = trawl_cursor_abs (cur, off);
          n->len = linelen;
        }
      trawl_node_set_text (pkt, n, "%s", label);
      if (def->kind == HDR_CONTENT_LENGTH && msg->has_content_length)
        {
          TrawlNode *cl = trawl_tree_add_uint (pkt, n, hf_http_content_length, cur, off, linelen,
                                               msg->content_length);
          trawl_node_set_flags (cl, TRAWL_NODE_GENERATED);
        }
      else if (def->kind == HDR_COOKIE)
        add_cookie_pairs (pkt, n, cur, off + voff, vlen);
      ln = trawl_tree_add_string (pkt, top, hf_line, cur, off, linelen,
                                  (const char *) p, linelen);
      trawl_node_set_flags (ln, TRAWL_NODE_HIDDEN);
      trawl_node_set_text (pkt, ln, "%s", label);
    }
  else
    {
      ln = trawl_tree_add_string (pkt, top, hf_line, cur, off, linelen,
                                  (const char *) p, linelen);
      trawl_node_set_text (pkt, ln, "%s", label);
    }
}

/* De-chunk a "Transfer-Encoding: chunked" body that lies wholly in @cur;
 * returns the bytes consumed and the de-chunked body in *body. */
static guint32
dissect_chunked (TrawlPacket   *pkt,
                 TrawlNode     *top,
                 TrawlCursor   *cur,
                 guint32        off,
                 const guint8 **body,
                 guint32       *body_len)
{
  guint32 len = trawl_cursor_len (cur), start = off;
  GByteArray *out = g_byte_array_new ();
  TrawlNode *tree = trawl_tree_add_text (pkt, top, cur, off, len - off,
                                         "HTTP chunked response");
  gboolean done = FALSE;

  for (guint i = 0; i < MAX_CHUNKS && off < len && !done; i++)
    {
      guint32 content = 0, ll = line_at (cur, off, &content);
      const guint8 *p = trawl_cursor_ptr (cur, off, content);
      char *hex, *end = NULL;
      guint64 size;
      TrawlNode *cn, *n;

      if (ll == 0 || p == NULL)
        break;
      hex = g_strndup ((const char *) p, content);
      size = g_ascii_strtoull (hex, &end, 16);
      if (end == hex)
        {
          g_free (hex);
          break;
        }
      g_free (hex);
      if (size == 0)
        {
          cn = trawl_tree_add_text (pkt, tree, cur, off, ll, "End of chunked encoding");
          n = trawl_tree_add_uint (pkt, cn, hf_http_chunk_size, cur, off, ll, 0);
          trawl_node_set_text (pkt, n, "Chunk size: 0 octets");
          off += ll;
          /* trailer: lines until the empty one */
          for (guint t = 0; t < MAX_HEADERS && off < len; t++)
            {
              guint32 c2 = 0, l2 = line_at (cur, off, &c2);
              if (l2 == 0)
                break;
              if (c2 == 0)
                trawl_tree_add_text (pkt, tree, cur, off, l2, "\\r\\n");
              off += l2;
              if (c2 == 0)
                break;
            }
          done = TRUE;
          break;
        }
      if (size > len - off - ll)
        size = len - off - ll;   /* cut by the segment end: keep what is here */
      cn = trawl_tree_add_text (pkt, tree, cur, off, (guint32) (ll + size),
                                "Data chunk (%" G_GUINT64_FORMAT " octets)", size);
      n = trawl_tree_add_uint (pkt, cn, hf_http_chunk_size, cur, off, ll, size);
      trawl_node_set_text (pkt, n, "Chunk size: %" G_GUINT64_FORMAT " octets", size);
      off += ll;
      trawl_tree_add_item (pkt, cn, hf_http_chunk_data, cur, off, (guint32) size, TRAWL_ENC_BE);
      g_byte_array_append (out, trawl_cursor_ptr (cur, off, (guint32) size), (guint) size);
      off += (guint32) size;
      if (trawl_cursor_has (cur, off, 2) && trawl_cursor_get_u16 (cur, off) == 0x0d0a)
        {
          trawl_tree_add_item (pkt, cn, hf_http_chunk_boundary, cur, off, 2, TRAWL_ENC_BE);
          off += 2;
        }
    }
  trawl_node_set_len (tree, off - start);
  *body_len = out->len;
  *body = out->len ? trawl_arena_alloc (pkt->arena, out->len) : NULL;
  if (out->len)
    memcpy ((guint8 *) *body, out->data, out->len);
  g_byte_array_free (out, TRUE);
  return off - start;
}

/* How many of @msgs (in frame order) a dissection of @pkt may know of:
 * all of them, or for a single pass those up to its frame. */
static guint32
messages_until (GArray            *msgs,
                const TrawlPacket *pkt)
{
  guint32 lo = 0, hi = msgs->len;

  if (!pkt->no_forward_refs)
    return msgs->len;
  /* The first message past the frame (binary search: a keep-alive
   * stream may hold thousands). */
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      if (g_array_index (msgs, HttpMsg, mid).frame > pkt->number)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

static gboolean
pairing_wanted (TrawlPacket *pkt,
                TrawlNode   *top)
{
  const int ids[] = {
    hf_http_request_number, hf_http_response_number, hf_http_prev_request_in,
    hf_http_prev_response_in, hf_http_request_in, hf_http_response_in,
    hf_http_next_request_in, hf_http_next_response_in, hf_http_time,
    hf_http_response_for_uri,
  };

  if (!trawl_packet_tree_wanted (pkt))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
    if (trawl_packet_field_wanted (pkt, top, ids[k]))
      return TRUE;
  return FALSE;
}

static void
add_pairing (TrawlPacket *pkt,
             TrawlNode   *top,
             TrawlCursor *cur,
             guint32      off,
             HttpMessage *msg)
{
  g_autoptr(GMutexLocker) locker = NULL;
  HttpStream *s = NULL;
  const HttpMsgRef *ref;
  GArray *reqs, *resps;
  guint32 i, n_reqs, n_resps;
  TrawlNode *n;

#define GEN_FRAME(hf, frame) \
  do { n = trawl_tree_add_uint (pkt, top, hf, cur, off, 0, frame); \
       trawl_node_set_flags (n, TRAWL_NODE_GENERATED); } while (0)

  /* A filter of http.request needs none of this: no lock, no lookup. */
  if (!pairing_wanted (pkt, top))
    return;
  locker = analysis_locker (pkt);
  ref = lookup_message (pkt, msg->msg_no, &s);
  if (ref == NULL)
    return;
  reqs = s->requests;
  resps = s->responses;
  i = ref->index;
  n_reqs = messages_until (reqs, pkt);
  n_resps = messages_until (resps, pkt);
  if (ref->is_request)
    {
      n = trawl_tree_add_uint (pkt, top, hf_http_request_number, cur, off, 0, i + 1);
      trawl_node_set_text (pkt, n, "HTTP request %u/%u", i + 1, n_reqs);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      if (i > 0)
        GEN_FRAME (hf_http_prev_request_in, g_array_index (reqs, HttpMsg, i - 1).frame);
      if (i < n_resps)
        GEN_FRAME (hf_http_response_in, g_array_index (resps, HttpMsg, i).frame);
      if (i + 1 < n_reqs)
        GEN_FRAME (hf_http_next_request_in, g_array_index (reqs, HttpMsg, i + 1).frame);
    }
  else
    {
      n = trawl_tree_add_uint (pkt, top, hf_http_response_number, cur, off, 0, i + 1);
      trawl_node_set_text (pkt, n, "HTTP response %u/%u", i + 1, n_resps);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      if (i < n_reqs)
        {
          const HttpMsg *req = &g_array_index (reqs, HttpMsg, i);
          n = trawl_tree_add_time (pkt, top, hf_http_time, cur, off, 0, pkt->ts_ns - req->ts_ns);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
          if (i > 0)
            GEN_FRAME (hf_http_prev_request_in, g_array_index (reqs, HttpMsg, i - 1).frame);
          if (i > 0)
            GEN_FRAME (hf_http_prev_response_in, g_array_index (resps, HttpMsg, i - 1).frame);
          GEN_FRAME (hf_http_request_in, req->frame);
          if (i + 1 < n_reqs)
            GEN_FRAME (hf_http_next_request_in, g_array_index (reqs, HttpMsg, i + 1).frame);
          if (i + 1 < n_resps)
            GEN_FRAME (hf_http_next_response_in, g_array_index (resps, HttpMsg, i + 1).frame);
          if (req->full_uri)
            {
              n = trawl_tree_add_string (pkt, top, hf_http_response_for_uri, cur, off, 0, req->full_uri, -1);
              trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
            }
        }
    }
#undef GEN_FRAME
}

/* Inflate a gzip or deflate body (zlib detects gzip's header itself; a
 * raw deflate stream, as some servers send for "deflate", is retried
 * without one).  On success @body becomes the "Uncompressed entity body"
 * source, as Wireshark's. */
static void
decode_body (TrawlPacket  *pkt,
             TrawlNode    *top,
             TrawlCursor  *body,
             guint32      *body_len,
             const char   *encoding)
{
  guint32 in_len = *body_len;
  const guint8 *in = trawl_cursor_ptr (body, 0, in_len);
  g_autoptr(GByteArray) out = NULL;
  TrawlNode *n;
  guint8 ds;

  if (in == NULL)
    return;
  out = trawl_inflate (in, in_len, HTTP_MAX_INFLATED);
  n = trawl_tree_add_text (pkt, top, body, 0, in_len, "Content-encoded entity body (%s): %u bytes",
                           encoding, in_len);
  if (out == NULL)
    {
      trawl_node_append_text (pkt, n, " [Error: Decompression failed]");
      return;
    }
  trawl_node_append_text (pkt, n, " -> %u bytes", out->len);
  {
    guint8 *copy = trawl_arena_alloc (pkt->arena, MAX (out->len, 1));
    memcpy (copy, out->data, out->len);
    ds = trawl_packet_add_source (pkt, copy, out->len, "Uncompressed entity body");
    if (ds == 0)
      return;
    trawl_cursor_init (body, copy, out->len);
    body->ds = ds;
    *body_len = out->len;
  }
}

static void
dissect_body (TrawlPacket  *pkt,
              TrawlNode    *top,
              TrawlNode    *parent,
              TrawlCursor  *cur,
              guint32       off,
              guint32       body_len,
              HttpMessage  *msg)
{
  TrawlCursor body = trawl_cursor_sub (cur, off, body_len, NULL);
  TrawlNode *n;

  if (msg->chunked)
    {
      const guint8 *data = NULL;
      guint32 dlen = 0;
      dissect_chunked (pkt, top, cur, off, &data, &dlen);
      if (dlen == 0)
        return;
      /* The de-chunked body is a data source of its own. */
      trawl_cursor_init (&body, data, dlen);
      body.ds = trawl_packet_add_source (pkt, data, dlen, "De-chunked entity body");
      if (body.ds == 0)
        return;
      body_len = dlen;
    }

  if (msg->content_encoding && body_len > 0 &&
      (g_ascii_strcasecmp (msg->content_encoding, "gzip") == 0 ||
       g_ascii_strcasecmp (msg->content_encoding, "deflate") == 0 ||
       g_ascii_strcasecmp (msg->content_encoding, "x-gzip") == 0))
    decode_body (pkt, top, &body, &body_len, msg->content_encoding);

  n = trawl_tree_add_item (pkt, top, hf_http_file_data, &body, 0, body_len, TRAWL_ENC_BE);
  trawl_node_set_text (pkt, n, "File Data: %u byte%s", body_len, body_len == 1 ? "" : "s");

  if (msg->media_type && media_is_text (msg->media_type))
    trawl_dissect_text_lines (pkt, &body, parent, msg->media_type);
  else if (msg->media_type && strcmp (msg->media_type, "application/x-www-form-urlencoded") == 0)
    dissect_urlencoded_form (pkt, &body, parent, msg->media_type);
  else
    trawl_dissect_data (pkt, &body, parent);
}

/* Dissect the message at @off; returns the bytes it took. */
static guint32
dissect_message (TrawlPacket *pkt,
                 TrawlCursor *cur,
                 TrawlNode   *parent,
                 guint32      off,
                 gboolean     is_request,
                 guint        msg_no)
{
  guint32 len = trawl_cursor_len (cur);
  HttpMessage msg = { 0 };
  TrawlNode *top, *n;
  guint32 start = off, content = 0, ll;
  gboolean headers_done = FALSE;
  guint32 body_len = 0;
  char *full_uri = NULL;

  msg.is_request = is_request;
  msg.msg_no = msg_no;
  top = trawl_tree_add_protocol (pkt, parent, proto_http, cur, off, len - off);

  ll = line_at (cur, off, &content);
  if (ll == 0)
    {
      /* The first line itself is cut: show it as it is. */
      content = len - off;
      ll = content;
    }
  if (!dissect_first_line (pkt, top, cur, off, content, ll, &msg))
    {
      trawl_tree_mark_malformed (pkt, top, "HTTP");
      return len - off;
    }
  off += ll;

  for (guint h = 0; h < MAX_HEADERS && off < len; h++)
    {
      ll = line_at (cur, off, &content);
      if (ll == 0)
        {
          /* Header block cut by the segment end: no reassembly, the
           * partial line belongs to this message. */
          off = len;
          break;
        }
      if (content == 0)
        {
          trawl_tree_add_text (pkt, top, cur, off, ll, "%s", ll == 2 ? "\\r\\n" : "\\n");
          off += ll;
          headers_done = TRUE;
          break;
        }
      dissect_header (pkt, top, cur, off, content, ll, &msg);
      off += ll;
    }

  if (is_request && msg.uri)
    {
      if (msg.host && msg.uri[0] == '/')
        full_uri = g_strconcat ("http://", msg.host, msg.uri, NULL);
      else if (!msg.host || strstr (msg.uri, "://"))
        full_uri = g_strdup (msg.uri);
      if (full_uri && trawl_packet_tree_wanted (pkt))
        {
          n = trawl_tree_add_string (pkt, top, hf_http_request_full_uri, cur, start, 0, full_uri, -1);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
    }
  n = trawl_tree_add_boolean (pkt, top, is_request ? hf_http_request : hf_http_response, cur, start, 0, TRUE);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);

  if (pkt->first_pass)
    record_message (pkt, msg_no, is_request, full_uri);
  g_free (full_uri);
  add_pairing (pkt, top, cur, start, &msg);

  /* Where the body ends decides where a pipelined next message starts. */
  if (headers_done)
    {
      gboolean no_body = (!is_request && (msg.status / 100 == 1 || msg.status == 204 || msg.status == 304));
      if (no_body)
        body_len = 0;
      else if (msg.chunked)
        body_len = len - off;
      else if (msg.has_content_length)
        body_len = (guint32) MIN (msg.content_length, (guint64) (len - off));
      else if (!is_request)
        body_len = len - off;
    }

  if (pkt->want_columns)
    {
      if (msg_no > 0)
        trawl_col_append_info (pkt, " ");
      trawl_col_append_info (pkt, "%s ", msg.first_line);
      /* Wireshark names the media type when a media dissector took the body. */
      if (body_len > 0 && msg.media_type &&
          (media_is_text (msg.media_type) ||
           strcmp (msg.media_type, "application/x-www-form-urlencoded") == 0))
        trawl_col_append_info (pkt, " (%s)", msg.media_type);
    }

  if (!is_request && msg.status == 101 && msg.upgrade_websocket && pkt->first_pass)
    trawl_tcp_set_app (pkt, TRAWL_TCP_APP_WEBSOCKET);

  if (body_len > 0)
    {
      dissect_body (pkt, top, parent, cur, off, body_len, &msg);
      off += body_len;
    }
  trawl_node_set_len (top, off - start);
  return off - start;
}

/* Does header line [@off, @off + @n) have the name @name (with colon)? */
static gboolean
header_is (TrawlCursor *cur,
           guint32      off,
           guint32      n,
           const char  *name)
{
  gsize nl = strlen (name);
  const guint8 *p = n >= nl ? trawl_cursor_ptr (cur, off, (guint32) nl) : NULL;

  return p != NULL && g_ascii_strncasecmp ((const char *) p, name, nl) == 0;
}

/* The value of header line [@off, @off + @n) after its @name_len-byte
 * name, without leading blanks, as a NUL-terminated copy in @buf. */
static void
header_value (TrawlCursor *cur,
              guint32      off,
              guint32      n,
              gsize        name_len,
              char        *buf,
              gsize        size)
{
  guint32 i = (guint32) name_len, j = 0;

  while (i < n && (trawl_cursor_get_u8 (cur, off + i) == ' ' || trawl_cursor_get_u8 (cur, off + i) == '\t'))
    i++;
  for (; i < n && j + 1 < size; i++)
    buf[j++] = (char) trawl_cursor_get_u8 (cur, off + i);
  buf[j] = '\0';
}

/* Walk a chunked body from @p: the bytes still missing (at least 1),
 * TRAWL_TCP_MORE_SEGMENT when a chunk line is cut, 0 when it is whole. */
static guint32
chunked_missing (TrawlCursor *cur,
                 guint32      p)
{
  guint32 len = trawl_cursor_len (cur), content, ll;

  /* Each round consumes at least a line. */
  for (;;)
    {
      char buf[20];
      guint64 size;

      ll = line_at (cur, p, &content);
      if (ll == 0)
        return TRAWL_TCP_MORE_SEGMENT;
      header_value (cur, p, content, 0, buf, sizeof buf);
      size = g_ascii_strtoull (buf, NULL, 16);
      p += ll;
      if (size == 0)
        {
          /* Trailer lines up to an empty one. */
          for (;;)
            {
              ll = line_at (cur, p, &content);
              if (ll == 0)
                return TRAWL_TCP_MORE_SEGMENT;
              p += ll;
              if (content == 0)
                return 0;
            }
        }
      if (size > TRAWL_TCP_REASM_MAX_PDU)
        return 0;
      if ((guint64) p + size + 2 > len)
        return (guint32) ((guint64) p + size + 2 - len);
      p += (guint32) size + 2;
    }
}

/* Wireshark's req_resp_hdrs_do_reassembly: when the headers of the
 * message at @off, or its body (Content-Length, chunked), run past the
 * bytes TCP handed over, ask TCP for the rest.  TRUE when TCP took the
 * message: nothing of it is shown here. */
static gboolean
desegment_message (TrawlPacket *pkt,
                   TrawlCursor *cur,
                   guint32      off,
                   gboolean     is_request)
{
  guint32 len = trawl_cursor_len (cur), p = off, content, ll, status = 0, missing;
  gboolean chunked = FALSE, have_cl = FALSE, taken;
  guint64 cl = 0;
  char buf[64];
  guint32 first_len;

  if (pkt->tcp == NULL || !pkt->tcp->can_desegment)
    return FALSE;
  ll = line_at (cur, p, &content);
  if (ll == 0)
    return trawl_tcp_desegment (pkt, cur, off, TRAWL_TCP_MORE_SEGMENT);
  first_len = content;
  if (!is_request && content >= 12)
    {
      header_value (cur, p + 9, 3, 0, buf, 4);
      status = (guint32) g_ascii_strtoull (buf, NULL, 10);
    }
  p += ll;
  for (guint h = 0;; h++)
    {
      ll = line_at (cur, p, &content);
      if (ll == 0)
        return trawl_tcp_desegment (pkt, cur, off, TRAWL_TCP_MORE_SEGMENT);
      p += ll;
      if (content == 0)
        break;
      if (h >= MAX_HEADERS)
        return FALSE;
      if (header_is (cur, p - ll, content, "content-length:"))
        {
          header_value (cur, p - ll, content, 15, buf, sizeof buf);
          if (g_ascii_isdigit (buf[0]))
            {
              cl = g_ascii_strtoull (buf, NULL, 10);
              have_cl = TRUE;
            }
        }
      else if (header_is (cur, p - ll, content, "transfer-encoding:"))
        {
          header_value (cur, p - ll, content, 18, buf, sizeof buf);
          chunked = g_ascii_strcasecmp (buf, "chunked") == 0;
        }
    }
  if (!is_request && (status / 100 == 1 || status == 204 || status == 304))
    return FALSE;
  if (chunked)
    {
      missing = chunked_missing (cur, p);
      taken = missing != 0 && trawl_tcp_desegment (pkt, cur, off, missing);
    }
  else
    taken = have_cl && cl > len - p && cl - (len - p) <= TRAWL_TCP_REASM_MAX_PDU &&
            trawl_tcp_desegment (pkt, cur, off, (guint32) (cl - (len - p)));
  /* Wireshark has put the first line in Info by then. */
  if (taken && pkt->want_columns)
    {
      if (off == 0)
        trawl_col_clear_info (pkt);
      else
        trawl_col_append_info (pkt, " ");
      trawl_col_append_info (pkt, "%.*s ", (int) first_len,
                             (const char *) trawl_cursor_ptr (cur, off, first_len));
    }
  return taken;
}

static void
dissect_continuation (TrawlPacket *pkt,
                      TrawlCursor *cur,
                      TrawlNode   *parent,
                      guint32      off)
{
  guint32 len = trawl_cursor_len (cur);
  TrawlCursor rest = trawl_cursor_tail (cur, off);
  TrawlNode *top = trawl_tree_add_protocol (pkt, parent, proto_http, cur, off, len - off);
  TrawlNode *n;

  trawl_col_append_info (pkt, off > 0 ? " Continuation" : "Continuation");
  n = trawl_tree_add_item (pkt, top, hf_http_file_data, &rest, 0, len - off, TRAWL_ENC_BE);
  trawl_node_set_text (pkt, n, "File Data: %u byte%s", len - off, len - off == 1 ? "" : "s");
  trawl_dissect_data (pkt, &rest, parent);
}

static void
dissect_http (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  guint32 len = trawl_cursor_len (cur), off = 0;
  gboolean is_request;

  /* A message cut by the end of the segment waits for the rest, before
   * anything is shown (TCP keeps its own summary then). */
  if (message_starts (cur, 0, &is_request) && desegment_message (pkt, cur, 0, is_request))
    return;
  /* HTTP replaces TCP's summary.  (Wireshark keeps TCP's analysis
   * prefix, "[TCP Previous segment not captured] ", behind a column
   * fence; the core has no fence yet.) */
  trawl_col_set_protocol (pkt, "HTTP");
  trawl_col_clear_info (pkt);
  for (guint i = 0; i < MAX_MESSAGES_PER_SEG && off < len; i++)
    {
      guint32 used;
      if (!message_starts (cur, off, &is_request))
        {
          dissect_continuation (pkt, cur, parent, off);
          return;
        }
      if (off > 0 && desegment_message (pkt, cur, off, is_request))
        return;
      used = dissect_message (pkt, cur, parent, off, is_request, i);
      if (used == 0)
        break;
      off += used;
    }
  if (off < len)
    dissect_continuation (pkt, cur, parent, off);
}

/* Port 80/8080: everything is HTTP. */
static gboolean
dissect_http_port (TrawlPacket *pkt,
                   TrawlCursor *cur,
                   TrawlNode   *parent)
{
  if (trawl_cursor_len (cur) == 0)
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_HTTP))
    return TRUE;
  dissect_http (pkt, cur, parent);
  return TRUE;
}

/* Any port: a message start, or more of a stream already seen as HTTP. */
static gboolean
dissect_http_heur (TrawlPacket *pkt,
                   TrawlCursor *cur,
                   TrawlNode   *parent)
{
  gboolean is_request;

  if (trawl_cursor_len (cur) == 0)
    return FALSE;
  if (!message_starts (cur, 0, &is_request) && !stream_known_http (pkt))
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_HTTP))
    return TRUE;
  dissect_http (pkt, cur, parent);
  return TRUE;
}

void
trawl_register_http (void)
{
  proto_http = trawl_proto_register ("http", N_("Hypertext Transfer Protocol"), "HTTP");
  trawl_field_register (proto_http, fields, G_N_ELEMENTS (fields));
  proto_text_lines = trawl_proto_register ("data-text-lines", N_("Line-based text data"), "Line-based text data");
  proto_urlencoded = trawl_proto_register ("urlencoded-form", N_("HTML Form URL Encoded"), "URL Encoded Form Data");
  trawl_field_register (proto_urlencoded, form_fields, G_N_ELEMENTS (form_fields));
  trawl_dissector_table_add (TRAWL_TABLE_TCP_PORT, 80, dissect_http_port);
  trawl_dissector_table_add (TRAWL_TABLE_TCP_PORT, 8080, dissect_http_port);
  trawl_heuristic_add (TRAWL_HEUR_TCP, dissect_http_heur);
}
