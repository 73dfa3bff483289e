/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tls.c: TLS record layer and clear-text handshake headers
 *
 * Records are dissected one after another in the segment; encrypted
 * payloads stay opaque (no decryption).  Hello messages are dissected with
 * their extensions (server name, supported versions, groups, ALPN ...).
 * The version shown in the Protocol column follows Wireshark: the record
 * version until the ServerHello fixes the session's version (from its
 * supported_versions extension for TLS 1.3); the analysis pass records
 * that per TCP stream.  No reassembly: a record cut by the segment end is
 * shown as far as it goes.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "trawl-web.h"
#include "trawl-dissect.h"
#include "trawl-tcp.h"

#define MAX_RECORDS_PER_SEG 256
#define MAX_RECORD_LEN      (16384 + 2048)
#define MAX_LIST_ITEMS      512

static int proto_tls = -1;
static int hf_tls_record = -1;
static int hf_tls_record_content_type = -1;
static int hf_tls_record_opaque_type = -1;
static int hf_tls_record_version = -1;
static int hf_tls_record_length = -1;
static int hf_tls_app_data = -1;
static int hf_tls_change_cipher_spec = -1;
static int hf_tls_alert_message = -1;
static int hf_tls_alert_level = -1;
static int hf_tls_alert_desc = -1;
static int hf_tls_handshake = -1;
static int hf_tls_handshake_type = -1;
static int hf_tls_handshake_length = -1;
static int hf_tls_handshake_version = -1;
static int hf_tls_handshake_random = -1;
static int hf_tls_handshake_random_time = -1;
static int hf_tls_handshake_random_bytes = -1;
static int hf_tls_handshake_session_id_length = -1;
static int hf_tls_handshake_session_id = -1;
static int hf_tls_handshake_cipher_suites_length = -1;
static int hf_tls_handshake_ciphersuites = -1;
static int hf_tls_handshake_ciphersuite = -1;
static int hf_tls_handshake_comp_methods_length = -1;
static int hf_tls_handshake_comp_methods = -1;
static int hf_tls_handshake_comp_method = -1;
static int hf_tls_handshake_extensions_length = -1;
static int hf_tls_handshake_extension_type = -1;
static int hf_tls_handshake_extension_len = -1;
static int hf_tls_handshake_extension_data = -1;
static int hf_tls_sni_list_len = -1;
static int hf_tls_sni_type = -1;
static int hf_tls_sni_len = -1;
static int hf_tls_sni = -1;
static int hf_tls_supported_versions_len = -1;
static int hf_tls_supported_version = -1;
static int hf_tls_groups_length = -1;
static int hf_tls_groups = -1;
static int hf_tls_group = -1;
static int hf_tls_ec_formats_length = -1;
static int hf_tls_ec_formats = -1;
static int hf_tls_ec_format = -1;
static int hf_tls_alpn_len = -1;
static int hf_tls_alpn_list = -1;
static int hf_tls_alpn_str_len = -1;
static int hf_tls_alpn_str = -1;

enum
{
  CT_CHANGE_CIPHER_SPEC = 20,
  CT_ALERT = 21,
  CT_HANDSHAKE = 22,
  CT_APPLICATION_DATA = 23,
  CT_HEARTBEAT = 24,
};

enum
{
  HS_CLIENT_HELLO = 1,
  HS_SERVER_HELLO = 2,
};

static const TrawlValueName content_type_names[] = {
  { 20, "Change Cipher Spec" },
  { 21, "Alert" },
  { 22, "Handshake" },
  { 23, "Application Data" },
  { 24, "Heartbeat" },
  { 25, "Connection ID" },
  { 0, NULL }
};

/* RFC 8701's reserved values, which clients sprinkle among versions,
 * cipher suites, extensions and groups: the same 16 names in each table. */
#define GREASE_NAMES \
  { 0x0a0a, "Reserved (GREASE)" }, { 0x1a1a, "Reserved (GREASE)" }, \
  { 0x2a2a, "Reserved (GREASE)" }, { 0x3a3a, "Reserved (GREASE)" }, \
  { 0x4a4a, "Reserved (GREASE)" }, { 0x5a5a, "Reserved (GREASE)" }, \
  { 0x6a6a, "Reserved (GREASE)" }, { 0x7a7a, "Reserved (GREASE)" }, \
  { 0x8a8a, "Reserved (GREASE)" }, { 0x9a9a, "Reserved (GREASE)" }, \
  { 0xaaaa, "Reserved (GREASE)" }, { 0xbaba, "Reserved (GREASE)" }, \
  { 0xcaca, "Reserved (GREASE)" }, { 0xdada, "Reserved (GREASE)" }, \
  { 0xeaea, "Reserved (GREASE)" }, { 0xfafa, "Reserved (GREASE)" }

static const TrawlValueName version_names[] = {
  { 0x0300, "SSL 3.0" },
  { 0x0301, "TLS 1.0" },
  { 0x0302, "TLS 1.1" },
  { 0x0303, "TLS 1.2" },
  { 0x0304, "TLS 1.3" },
  GREASE_NAMES,
  { 0, NULL }
};

static const TrawlValueName handshake_names[] = {
  { 0, "Hello Request" },
  { 1, "Client Hello" },
  { 2, "Server Hello" },
  { 3, "Hello Verify Request" },
  { 4, "New Session Ticket" },
  { 5, "End of Early Data" },
  { 6, "Hello Retry Request" },
  { 8, "Encrypted Extensions" },
  { 11, "Certificate" },
  { 12, "Server Key Exchange" },
  { 13, "Certificate Request" },
  { 14, "Server Hello Done" },
  { 15, "Certificate Verify" },
  { 16, "Client Key Exchange" },
  { 20, "Finished" },
  { 21, "Client Certificate URL" },
  { 22, "Certificate Status" },
  { 23, "Supplemental Data" },
  { 24, "Key Update" },
  { 25, "Compressed Certificate" },
  { 254, "Message Hash" },
  { 0, NULL }
};

static const TrawlValueName alert_level_names[] = {
  { 1, "Warning" },
  { 2, "Fatal" },
  { 0, NULL }
};

static const TrawlValueName alert_desc_names[] = {
  { 0, "Close Notify" },
  { 10, "Unexpected Message" },
  { 20, "Bad Record MAC" },
  { 21, "Decryption Failed" },
  { 22, "Record Overflow" },
  { 30, "Decompression Failure" },
  { 40, "Handshake Failure" },
  { 41, "No Certificate" },
  { 42, "Bad Certificate" },
  { 43, "Unsupported Certificate" },
  { 44, "Certificate Revoked" },
  { 45, "Certificate Expired" },
  { 46, "Certificate Unknown" },
  { 47, "Illegal Parameter" },
  { 48, "Unknown CA" },
  { 49, "Access Denied" },
  { 50, "Decode Error" },
  { 51, "Decrypt Error" },
  { 60, "Export Restriction" },
  { 70, "Protocol Version" },
  { 71, "Insufficient Security" },
  { 80, "Internal Error" },
  { 86, "Inappropriate Fallback" },
  { 90, "User Canceled" },
  { 100, "No Renegotiation" },
  { 109, "Missing Extension" },
  { 110, "Unsupported Extension" },
  { 111, "Certificate Unobtainable" },
  { 112, "Unrecognized Name" },
  { 113, "Bad Certificate Status Response" },
  { 114, "Bad Certificate Hash Value" },
  { 115, "Unknown PSK Identity" },
  { 116, "Certificate Required" },
  { 120, "No application Protocol" },
  { 0, NULL }
};

static const TrawlValueName cipher_suite_names[] = {
  { 0x0000, "TLS_NULL_WITH_NULL_NULL" },
  { 0x0004, "TLS_RSA_WITH_RC4_128_MD5" },
  { 0x0005, "TLS_RSA_WITH_RC4_128_SHA" },
  { 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA" },
  { 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" },
  { 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA" },
  { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
  { 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA" },
  { 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256" },
  { 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256" },
  { 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256" },
  { 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256" },
  { 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" },
  { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
  { 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" },
  { 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384" },
  { 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" },
  { 0x1301, "TLS_AES_128_GCM_SHA256" },
  { 0x1302, "TLS_AES_256_GCM_SHA384" },
  { 0x1303, "TLS_CHACHA20_POLY1305_SHA256" },
  { 0x1304, "TLS_AES_128_CCM_SHA256" },
  { 0x1305, "TLS_AES_128_CCM_8_SHA256" },
  { 0x5600, "TLS_FALLBACK_SCSV" },
  { 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA" },
  { 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA" },
  { 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" },
  { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA" },
  { 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256" },
  { 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384" },
  { 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256" },
  { 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" },
  { 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
  { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
  { 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
  { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
  { 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
  { 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
  { 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
  GREASE_NAMES,
  { 0, NULL }
};

static const TrawlValueName comp_method_names[] = {
  { 0, "null" },
  { 1, "DEFLATE" },
  { 64, "LZS" },
  { 0, NULL }
};

static const TrawlValueName extension_names[] = {
  { 0, "server_name" },
  { 1, "max_fragment_length" },
  { 2, "client_certificate_url" },
  { 3, "trusted_ca_keys" },
  { 4, "truncated_hmac" },
  { 5, "status_request" },
  { 6, "user_mapping" },
  { 7, "client_authz" },
  { 8, "server_authz" },
  { 9, "cert_type" },
  { 10, "supported_groups" },
  { 11, "ec_point_formats" },
  { 12, "srp" },
  { 13, "signature_algorithms" },
  { 14, "use_srtp" },
  { 15, "heartbeat" },
  { 16, "application_layer_protocol_negotiation" },
  { 17, "status_request_v2" },
  { 18, "signed_certificate_timestamp" },
  { 19, "client_certificate_type" },
  { 20, "server_certificate_type" },
  { 21, "padding" },
  { 22, "encrypt_then_mac" },
  { 23, "extended_master_secret" },
  { 24, "token_binding" },
  { 25, "cached_info" },
  { 27, "compress_certificate" },
  { 28, "record_size_limit" },
  { 34, "delegated_credentials" },
  { 35, "session_ticket" },
  { 41, "pre_shared_key" },
  { 42, "early_data" },
  { 43, "supported_versions" },
  { 44, "cookie" },
  { 45, "psk_key_exchange_modes" },
  { 47, "certificate_authorities" },
  { 48, "oid_filters" },
  { 49, "post_handshake_auth" },
  { 50, "signature_algorithms_cert" },
  { 51, "key_share" },
  { 52, "transparency_info" },
  { 53, "connection_id" },
  { 57, "quic_transport_parameters" },
  { 13172, "next_protocol_negotiation" },
  { 17513, "application_settings" },
  { 65037, "encrypted_client_hello" },
  { 65281, "renegotiation_info" },
  GREASE_NAMES,
  { 0, NULL }
};

static const TrawlValueName group_names[] = {
  { 0x0017, "secp256r1" },
  { 0x0018, "secp384r1" },
  { 0x0019, "secp521r1" },
  { 0x001d, "x25519" },
  { 0x001e, "x448" },
  { 0x0100, "ffdhe2048" },
  { 0x0101, "ffdhe3072" },
  { 0x0102, "ffdhe4096" },
  { 0x0103, "ffdhe6144" },
  { 0x0104, "ffdhe8192" },
  GREASE_NAMES,
  { 0, NULL }
};

static const TrawlValueName ec_format_names[] = {
  { 0, "uncompressed" },
  { 1, "ansiX962_compressed_prime" },
  { 2, "ansiX962_compressed_char2" },
  { 0, NULL }
};

static const TrawlValueName sni_type_names[] = {
  { 0, "host_name" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_tls_record, "tls.record", N_("Record Layer"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_tls_record_content_type, "tls.record.content_type", N_("Content Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, content_type_names },
  { &hf_tls_record_opaque_type, "tls.record.opaque_type", N_("Opaque Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, content_type_names, 0, N_("Always set to value 23, actual content type is known after decryption") },
  { &hf_tls_record_version, "tls.record.version", N_("Version"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, version_names, 0, N_("Record layer version") },
  { &hf_tls_record_length, "tls.record.length", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of TLS record data") },
  { &hf_tls_app_data, "tls.app_data", N_("Encrypted Application Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Payload is encrypted application data") },
  { &hf_tls_change_cipher_spec, "tls.change_cipher_spec", N_("Change Cipher Spec Message"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("Signals a change in cipher specifications") },
  { &hf_tls_alert_message, "tls.alert_message", N_("Alert Message"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_tls_alert_level, "tls.alert_message.level", N_("Level"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, alert_level_names, 0, N_("Alert message level") },
  { &hf_tls_alert_desc, "tls.alert_message.desc", N_("Description"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, alert_desc_names, 0, N_("Alert message description") },
  { &hf_tls_handshake, "tls.handshake", N_("Handshake Protocol"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("Handshake protocol message") },
  { &hf_tls_handshake_type, "tls.handshake.type", N_("Handshake Message Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, handshake_names, 0, N_("SSLv2 handshake message type") },
  { &hf_tls_handshake_length, "tls.handshake.length", N_("Length"), TRAWL_FT_UINT24, TRAWL_BASE_DEC, NULL, 0, N_("Length of handshake message") },
  { &hf_tls_handshake_version, "tls.handshake.version", N_("Version"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, version_names, 0, N_("Maximum version supported by client") },
  { &hf_tls_handshake_random, "tls.handshake.random", N_("Random"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Random values used for deriving keys") },
  { &hf_tls_handshake_random_time, "tls.handshake.random_time", N_("GMT Unix Time"), TRAWL_FT_ABSOLUTE_TIME, TRAWL_BASE_UTC, NULL, 0, N_("Unix time field of random structure") },
  { &hf_tls_handshake_random_bytes, "tls.handshake.random_bytes", N_("Random Bytes"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Random values used for deriving keys") },
  { &hf_tls_handshake_session_id_length, "tls.handshake.session_id_length", N_("Session ID Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of session ID field") },
  { &hf_tls_handshake_session_id, "tls.handshake.session_id", N_("Session ID"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Identifies the SSL session, allowing later resumption") },
  { &hf_tls_handshake_cipher_suites_length, "tls.handshake.cipher_suites_length", N_("Cipher Suites Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of cipher suites field") },
  { &hf_tls_handshake_ciphersuites, "tls.handshake.ciphersuites", N_("Cipher Suites"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("List of cipher suites supported by client") },
  { &hf_tls_handshake_ciphersuite, "tls.handshake.ciphersuite", N_("Cipher Suite"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, cipher_suite_names },
  { &hf_tls_handshake_comp_methods_length, "tls.handshake.comp_methods_length", N_("Compression Methods Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Length of compression methods field") },
  { &hf_tls_handshake_comp_methods, "tls.handshake.comp_methods", N_("Compression Methods"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("List of compression methods supported by client") },
  { &hf_tls_handshake_comp_method, "tls.handshake.comp_method", N_("Compression Method"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, comp_method_names },
  { &hf_tls_handshake_extensions_length, "tls.handshake.extensions_length", N_("Extensions Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of hello extensions") },
  { &hf_tls_handshake_extension_type, "tls.handshake.extension.type", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, extension_names, 0, N_("Hello extension type") },
  { &hf_tls_handshake_extension_len, "tls.handshake.extension.len", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of a hello extension") },
  { &hf_tls_handshake_extension_data, "tls.handshake.extension.data", N_("Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Hello Extension data") },
  { &hf_tls_sni_list_len, "tls.handshake.extensions_server_name_list_len", N_("Server Name list length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of server name list") },
  { &hf_tls_sni_type, "tls.handshake.extensions_server_name_type", N_("Server Name Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, sni_type_names },
  { &hf_tls_sni_len, "tls.handshake.extensions_server_name_len", N_("Server Name length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of server name string") },
  { &hf_tls_sni, "tls.handshake.extensions_server_name", N_("Server Name"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_tls_supported_versions_len, "tls.handshake.extensions.supported_versions_len", N_("Supported Versions length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_tls_supported_version, "tls.handshake.extensions.supported_version", N_("Supported Version"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, version_names },
  { &hf_tls_groups_length, "tls.handshake.extensions_supported_groups_length", N_("Supported Groups List Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_tls_groups, "tls.handshake.extensions_supported_groups", N_("Supported Groups List"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("List of supported groups (formerly Supported Elliptic Curves)") },
  { &hf_tls_group, "tls.handshake.extensions_supported_group", N_("Supported Group"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, group_names },
  { &hf_tls_ec_formats_length, "tls.handshake.extensions_ec_point_formats_length", N_("EC point formats Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Length of elliptic curves point formats field") },
  { &hf_tls_ec_formats, "tls.handshake.extensions_ec_point_formats", N_("EC point formats"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("List of elliptic curves point format") },
  { &hf_tls_ec_format, "tls.handshake.extensions_ec_point_format", N_("EC point format"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, ec_format_names, 0, N_("Elliptic curves point format") },
  { &hf_tls_alpn_len, "tls.handshake.extensions_alpn_len", N_("ALPN Extension Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of the ALPN Extension") },
  { &hf_tls_alpn_list, "tls.handshake.extensions_alpn_list", N_("ALPN Protocol"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_tls_alpn_str_len, "tls.handshake.extensions_alpn_str_len", N_("ALPN string length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Length of ALPN string") },
  { &hf_tls_alpn_str, "tls.handshake.extensions_alpn_str", N_("ALPN Next Protocol"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
};

static const char *
version_col_name (guint16 v)
{
  switch (v)
    {
    case 0x0300: return "SSLv3";
    case 0x0301: return "TLSv1";
    case 0x0302: return "TLSv1.1";
    case 0x0303: return "TLSv1.2";
    case 0x0304: return "TLSv1.3";
    default: return "TLS";
    }
}

typedef struct
{
  guint16  session_version;   /* 0 until known */
  guint16  record_version;
  guint16  hello_version;     /* what a ServerHello in this segment chose */
} TlsState;

static gboolean
looks_like_record (TrawlCursor *cur,
                   guint32      off)
{
  guint8 ct;
  guint16 ver, len;

  if (!trawl_cursor_has (cur, off, 5))
    return FALSE;
  ct = trawl_cursor_get_u8 (cur, off);
  ver = trawl_cursor_get_u16 (cur, off + 1);
  len = trawl_cursor_get_u16 (cur, off + 3);
  return ct >= CT_CHANGE_CIPHER_SPEC && ct <= CT_APPLICATION_DATA + 1 &&
         ver >= 0x0300 && ver <= 0x0304 && len > 0 && len <= MAX_RECORD_LEN;
}

/* ---- hello extensions ---- */

static void
dissect_sni (TrawlPacket *pkt,
             TrawlNode   *ext,
             TrawlCursor *c)
{
  guint32 len = trawl_cursor_len (c), off = 2;
  TrawlNode *t;

  if (len == 0)
    return;   /* a ServerHello echoes an empty server_name */
  t = trawl_tree_add_text (pkt, ext, c, 0, len, "Server Name Indication extension");
  trawl_tree_add_item (pkt, t, hf_tls_sni_list_len, c, 0, 2, TRAWL_ENC_BE);
  for (guint i = 0; i < MAX_LIST_ITEMS && off + 3 <= len; i++)
    {
      guint16 nlen = trawl_cursor_get_u16 (c, off + 1);
      trawl_tree_add_item (pkt, t, hf_tls_sni_type, c, off, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, t, hf_tls_sni_len, c, off + 1, 2, TRAWL_ENC_BE);
      if (!trawl_cursor_has (c, off + 3, nlen))
        {
          trawl_tree_add_expert (pkt, t, TRAWL_EXPERT_ERROR, "Server name length %u is past the extension", nlen);
          return;
        }
      trawl_tree_add_item (pkt, t, hf_tls_sni, c, off + 3, nlen, TRAWL_ENC_BE);
      off += 3 + nlen;
    }
}

/* A list of @item-byte values after a @lenlen-byte length. */
static void
dissect_u_list (TrawlPacket *pkt,
                TrawlNode   *ext,
                TrawlCursor *c,
                guint        lenlen,
                int          hf_len,
                int          hf_list,
                int          hf_item,
                guint        item,
                const char  *label,
                const char  *unit)
{
  guint32 len = trawl_cursor_len (c);
  guint32 llen = lenlen == 1 ? trawl_cursor_get_u8 (c, 0) : trawl_cursor_get_u16 (c, 0);
  guint32 n;
  TrawlNode *list = NULL;

  if (!trawl_cursor_has (c, 0, lenlen))
    return;
  trawl_tree_add_item (pkt, ext, hf_len, c, 0, lenlen, TRAWL_ENC_BE);
  if (llen > len - lenlen)
    {
      trawl_tree_add_expert (pkt, ext, TRAWL_EXPERT_ERROR, "List length %u is past the extension", llen);
      llen = len - lenlen;
    }
  n = llen / item;
  if (hf_list >= 0)
    {
      list = trawl_tree_add_item (pkt, ext, hf_list, c, lenlen, llen, TRAWL_ENC_BE);
      if (unit)
        trawl_node_set_text (pkt, list, "%s (%u %s%s)", label, n, unit, n == 1 ? "" : "s");
      else
        trawl_node_set_text (pkt, list, "%s (%u)", label, n);
    }
  for (guint32 i = 0; i < n && i < MAX_LIST_ITEMS; i++)
    trawl_tree_add_item (pkt, list ? list : ext, hf_item, c, lenlen + i * item, item, TRAWL_ENC_BE);
}

static void
dissect_alpn (TrawlPacket *pkt,
              TrawlNode   *ext,
              TrawlCursor *c)
{
  guint32 len = trawl_cursor_len (c), off = 2;
  TrawlNode *list;

  if (len < 2)
    return;
  trawl_tree_add_item (pkt, ext, hf_tls_alpn_len, c, 0, 2, TRAWL_ENC_BE);
  list = trawl_tree_add_item (pkt, ext, hf_tls_alpn_list, c, 2, len - 2, TRAWL_ENC_BE);
  for (guint i = 0; i < MAX_LIST_ITEMS && off < len; i++)
    {
      guint8 slen = trawl_cursor_get_u8 (c, off);
      trawl_tree_add_item (pkt, list, hf_tls_alpn_str_len, c, off, 1, TRAWL_ENC_BE);
      if (!trawl_cursor_has (c, off + 1, slen))
        {
          trawl_tree_add_expert (pkt, list, TRAWL_EXPERT_ERROR, "ALPN string length %u is past the extension", slen);
          return;
        }
      trawl_tree_add_item (pkt, list, hf_tls_alpn_str, c, off + 1, slen, TRAWL_ENC_BE);
      off += 1 + slen;
    }
}

static void
dissect_extensions (TrawlPacket *pkt,
                    TrawlNode   *hs,
                    TrawlCursor *c,
                    guint32      off,
                    guint8       hs_type,
                    TlsState    *st)
{
  guint32 len = trawl_cursor_len (c);
  guint16 elen;
  TrawlCursor exts;
  gboolean clipped;

  if (off + 2 > len)
    return;
  elen = trawl_cursor_get_u16 (c, off);
  trawl_tree_add_item (pkt, hs, hf_tls_handshake_extensions_length, c, off, 2, TRAWL_ENC_BE);
  exts = trawl_cursor_sub (c, off + 2, elen, &clipped);
  if (clipped)
    trawl_tree_add_expert (pkt, hs, TRAWL_EXPERT_ERROR, "Extensions length %u is past the message", elen);

  off = 0;
  for (guint i = 0; i < MAX_LIST_ITEMS && off + 4 <= trawl_cursor_len (&exts); i++)
    {
      guint16 type = trawl_cursor_get_u16 (&exts, off);
      guint16 xlen = trawl_cursor_get_u16 (&exts, off + 2);
      const char *name = trawl_value_name_lookup (extension_names, type);
      TrawlCursor data;
      TrawlNode *ext, *n;

      data = trawl_cursor_sub (&exts, off + 4, xlen, &clipped);
      ext = trawl_tree_add_text (pkt, hs, &exts, off, 4 + trawl_cursor_len (&data),
                                 "Extension: %s (len=%u)", name ? name : "Unknown type", xlen);
      trawl_tree_add_item (pkt, ext, hf_tls_handshake_extension_type, &exts, off, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, ext, hf_tls_handshake_extension_len, &exts, off + 2, 2, TRAWL_ENC_BE);
      if (clipped)
        {
          trawl_tree_add_expert (pkt, ext, TRAWL_EXPERT_ERROR, "Extension length %u is past the extensions", xlen);
          break;
        }
      switch (type)
        {
        case 0:
          dissect_sni (pkt, ext, &data);
          break;
        case 10:
          dissect_u_list (pkt, ext, &data, 2, hf_tls_groups_length, hf_tls_groups, hf_tls_group, 2,
                          "Supported Groups", "group");
          break;
        case 11:
          dissect_u_list (pkt, ext, &data, 1, hf_tls_ec_formats_length, hf_tls_ec_formats, hf_tls_ec_format, 1,
                          "Elliptic curves point formats", NULL);
          break;
        case 16:
          dissect_alpn (pkt, ext, &data);
          break;
        case 43:
          if (hs_type == HS_CLIENT_HELLO)
            dissect_u_list (pkt, ext, &data, 1, hf_tls_supported_versions_len, -1, hf_tls_supported_version, 2,
                            NULL, NULL);
          else if (xlen == 2)
            {
              trawl_tree_add_item (pkt, ext, hf_tls_supported_version, &data, 0, 2, TRAWL_ENC_BE);
              st->hello_version = trawl_cursor_get_u16 (&data, 0);
            }
          break;
        case 35:
          /* session_ticket: its bytes as "Data (N bytes)", even none. */
          n = trawl_tree_add_item (pkt, ext, hf_tls_handshake_extension_data, &data, 0, xlen, TRAWL_ENC_BE);
          trawl_node_set_text (pkt, n, "Data (%u byte%s)", xlen, xlen == 1 ? "" : "s");
          break;
        default:
          if (xlen > 0 && name == NULL)
            trawl_tree_add_item (pkt, ext, hf_tls_handshake_extension_data, &data, 0, xlen, TRAWL_ENC_BE);
          break;
        }
      off += 4 + xlen;
    }
}

/* Does the ServerHello in @c pick TLS 1.3 in its supported_versions
 * extension?  Wireshark looks ahead for it, and then shows the Random
 * whole instead of as time and bytes (TLS 1.3 has no time in it). */
static gboolean
server_hello_is_tls13 (TrawlCursor *c)
{
  guint32 off = 35u + trawl_cursor_get_u8 (c, 34) + 3, end;

  if (!trawl_cursor_has (c, off, 2))
    return FALSE;
  end = off + 2 + trawl_cursor_get_u16 (c, off);
  off += 2;
  /* Every extension takes at least 4 bytes: bounded by the message. */
  while (off + 4 <= end && trawl_cursor_has (c, off, 4))
    {
      guint16 type = trawl_cursor_get_u16 (c, off);
      guint16 xlen = trawl_cursor_get_u16 (c, off + 2);
      if (type == 43 && xlen == 2 && trawl_cursor_has (c, off + 4, 2))
        {
          guint16 v = trawl_cursor_get_u16 (c, off + 4);
          /* TLS 1.3 and its drafts (0x7fxx) */
          return v == 0x0304 || (v & 0xff00) == 0x7f00;
        }
      off += 4u + xlen;
    }
  return FALSE;
}

/* ClientHello / ServerHello body in @c (after the 4-byte header). */
static void
dissect_hello (TrawlPacket *pkt,
               TrawlNode   *hs,
               TrawlCursor *c,
               guint8       hs_type,
               TlsState    *st)
{
  guint32 off = 0, len = trawl_cursor_len (c);
  guint8 sid_len;
  TrawlNode *n;

  if (len < 35)
    goto short_msg;
  trawl_tree_add_item (pkt, hs, hf_tls_handshake_version, c, 0, 2, TRAWL_ENC_BE);
  if (hs_type == HS_SERVER_HELLO)
    st->hello_version = trawl_cursor_get_u16 (c, 0);
  n = trawl_tree_add_item (pkt, hs, hf_tls_handshake_random, c, 2, 32, TRAWL_ENC_BE);
  if (hs_type != HS_SERVER_HELLO || !server_hello_is_tls13 (c))
    {
      trawl_tree_add_time (pkt, n, hf_tls_handshake_random_time, c, 2, 4,
                           (gint64) trawl_cursor_get_u32 (c, 2) * G_GINT64_CONSTANT (1000000000));
      trawl_tree_add_item (pkt, n, hf_tls_handshake_random_bytes, c, 6, 28, TRAWL_ENC_BE);
    }
  sid_len = trawl_cursor_get_u8 (c, 34);
  /* Wireshark shows the one-byte length in a 16-bit field. */
  trawl_tree_add_uint (pkt, hs, hf_tls_handshake_session_id_length, c, 34, 1, sid_len);
  off = 35;
  if (!trawl_cursor_has (c, off, sid_len))
    goto short_msg;
  if (sid_len > 0)
    trawl_tree_add_item (pkt, hs, hf_tls_handshake_session_id, c, off, sid_len, TRAWL_ENC_BE);
  off += sid_len;

  if (hs_type == HS_CLIENT_HELLO)
    {
      guint16 cs_len;
      guint8 cm_len;
      TrawlNode *list;

      if (!trawl_cursor_has (c, off, 2))
        goto short_msg;
      cs_len = trawl_cursor_get_u16 (c, off);
      trawl_tree_add_item (pkt, hs, hf_tls_handshake_cipher_suites_length, c, off, 2, TRAWL_ENC_BE);
      off += 2;
      if (!trawl_cursor_has (c, off, cs_len))
        goto short_msg;
      list = trawl_tree_add_item (pkt, hs, hf_tls_handshake_ciphersuites, c, off, cs_len, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, list, "Cipher Suites (%u suite%s)", cs_len / 2, cs_len / 2 == 1 ? "" : "s");
      for (guint32 i = 0; i + 1 < cs_len; i += 2)
        trawl_tree_add_item (pkt, list, hf_tls_handshake_ciphersuite, c, off + i, 2, TRAWL_ENC_BE);
      off += cs_len;

      if (!trawl_cursor_has (c, off, 1))
        goto short_msg;
      cm_len = trawl_cursor_get_u8 (c, off);
      trawl_tree_add_item (pkt, hs, hf_tls_handshake_comp_methods_length, c, off, 1, TRAWL_ENC_BE);
      off += 1;
      if (!trawl_cursor_has (c, off, cm_len))
        goto short_msg;
      list = trawl_tree_add_item (pkt, hs, hf_tls_handshake_comp_methods, c, off, cm_len, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, list, "Compression Methods (%u method%s)", cm_len, cm_len == 1 ? "" : "s");
      for (guint32 i = 0; i < cm_len; i++)
        trawl_tree_add_item (pkt, list, hf_tls_handshake_comp_method, c, off + i, 1, TRAWL_ENC_BE);
      off += cm_len;
    }
  else
    {
      if (!trawl_cursor_has (c, off, 3))
        goto short_msg;
      trawl_tree_add_item (pkt, hs, hf_tls_handshake_ciphersuite, c, off, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, hs, hf_tls_handshake_comp_method, c, off + 2, 1, TRAWL_ENC_BE);
      off += 3;
    }
  dissect_extensions (pkt, hs, c, off, hs_type, st);
  return;

short_msg:
  trawl_tree_add_expert (pkt, hs, TRAWL_EXPERT_ERROR, "Malformed message, not enough data is available");
}

/* Do the handshake messages tile the record exactly?  When they do not,
 * the record is encrypted (a Finished after ChangeCipherSpec). */
static gboolean
handshake_is_clear (TrawlCursor *rec)
{
  guint32 len = trawl_cursor_len (rec), off = 0;

  for (guint i = 0; i < MAX_RECORDS_PER_SEG && off < len; i++)
    {
      guint8 type;
      if (!trawl_cursor_has (rec, off, 4))
        return FALSE;
      type = trawl_cursor_get_u8 (rec, off);
      if (trawl_value_name_lookup (handshake_names, type) == NULL)
        return FALSE;
      off += 4 + trawl_cursor_get_u24 (rec, off + 1);
    }
  return off == len;
}

static const char *
dissect_handshake (TrawlPacket *pkt,
                   TrawlNode   *rnode,
                   TrawlCursor *rec,
                   TlsState    *st)
{
  guint32 len = trawl_cursor_len (rec), off = 0;
  const char *first = NULL;

  if (!handshake_is_clear (rec))
    {
      TrawlNode *hs = trawl_tree_add_item (pkt, rnode, hf_tls_handshake, rec, 0, len, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, hs, "Handshake Protocol: Encrypted Handshake Message");
      trawl_col_append_sep_info (pkt, ", ", "Encrypted Handshake Message");
      return "Encrypted Handshake Message";
    }
  for (guint i = 0; i < MAX_RECORDS_PER_SEG && off + 4 <= len; i++)
    {
      guint8 type = trawl_cursor_get_u8 (rec, off);
      guint32 mlen = trawl_cursor_get_u24 (rec, off + 1);
      const char *name = trawl_value_name_lookup (handshake_names, type);
      TrawlCursor body = trawl_cursor_sub (rec, off + 4, mlen, NULL);
      TrawlNode *hs, *n;

      hs = trawl_tree_add_item (pkt, rnode, hf_tls_handshake, rec, off, 4 + mlen, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, hs, "Handshake Protocol: %s", name);
      /* Wireshark has two fields named tls.handshake.type: -G lists the
       * SSLv2 one ("Handshake Message Type"), TLS records show the other. */
      n = trawl_tree_add_item (pkt, hs, hf_tls_handshake_type, rec, off, 1, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "Handshake Type: %s (%u)", name, type);
      trawl_tree_add_item (pkt, hs, hf_tls_handshake_length, rec, off + 1, 3, TRAWL_ENC_BE);
      if (type == HS_CLIENT_HELLO || type == HS_SERVER_HELLO)
        dissect_hello (pkt, hs, &body, type, st);
      trawl_col_append_sep_info (pkt, ", ", "%s", name);
      if (first == NULL)
        first = name;
      off += 4 + mlen;
    }
  return first;
}

/* One record at @off; returns its length in the segment. */
static guint32
dissect_record (TrawlPacket *pkt,
                TrawlCursor *cur,
                TrawlNode   *top,
                guint32      off,
                TlsState    *st)
{
  guint8 ct = trawl_cursor_get_u8 (cur, off);
  guint16 ver = trawl_cursor_get_u16 (cur, off + 1);
  guint16 rlen = trawl_cursor_get_u16 (cur, off + 3);
  guint16 shown = st->session_version ? st->session_version : ver;
  gboolean clipped;
  TrawlCursor rec = trawl_cursor_sub (cur, off + 5, rlen, &clipped);
  guint32 have = trawl_cursor_len (&rec);
  TrawlNode *rnode, *n;
  const char *what = NULL;
  gboolean tls13_opaque = st->session_version == 0x0304 && ct == CT_APPLICATION_DATA;

  rnode = trawl_tree_add_item (pkt, top, hf_tls_record, cur, off, 5 + have, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, rnode, tls13_opaque ? hf_tls_record_opaque_type : hf_tls_record_content_type,
                       cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, rnode, hf_tls_record_version, cur, off + 1, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, rnode, hf_tls_record_length, cur, off + 3, 2, TRAWL_ENC_BE);
  st->record_version = shown;

  switch (ct)
    {
    case CT_CHANGE_CIPHER_SPEC:
      trawl_tree_add_item (pkt, rnode, hf_tls_change_cipher_spec, &rec, 0, have, TRAWL_ENC_BE);
      trawl_col_append_sep_info (pkt, ", ", "Change Cipher Spec");
      what = "Change Cipher Spec Protocol: Change Cipher Spec";
      break;
    case CT_ALERT:
      if (have == 2 && rlen == 2 && trawl_value_name_lookup (alert_level_names, trawl_cursor_get_u8 (&rec, 0)))
        {
          guint8 level = trawl_cursor_get_u8 (&rec, 0), desc = trawl_cursor_get_u8 (&rec, 1);
          const char *ln = trawl_value_name_lookup (alert_level_names, level);
          const char *dn = trawl_value_name_lookup (alert_desc_names, desc);
          n = trawl_tree_add_item (pkt, rnode, hf_tls_alert_message, &rec, 0, 2, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, n, hf_tls_alert_level, &rec, 0, 1, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, n, hf_tls_alert_desc, &rec, 1, 1, TRAWL_ENC_BE);
          trawl_col_append_sep_info (pkt, ", ", "Alert (Level: %s, Description: %s)", ln, dn ? dn : "Unknown");
          if (trawl_packet_tree_wanted (pkt))
            what = trawl_arena_printf (pkt->arena, "Alert (Level: %s, Description: %s)", ln, dn ? dn : "Unknown");
        }
      else
        {
          n = trawl_tree_add_item (pkt, rnode, hf_tls_alert_message, &rec, 0, have, TRAWL_ENC_BE);
          trawl_node_set_text (pkt, n, "Alert Message: Encrypted Alert");
          trawl_col_append_sep_info (pkt, ", ", "Encrypted Alert");
          what = "Encrypted Alert";
        }
      break;
    case CT_HANDSHAKE:
      {
        const char *hs = dissect_handshake (pkt, rnode, &rec, st);
        if (trawl_packet_tree_wanted (pkt))
          what = trawl_arena_printf (pkt->arena, "Handshake Protocol: %s", hs ? hs : "");
        /* A ServerHello fixes the session's version from the next record on. */
        if (st->hello_version)
          {
            st->session_version = st->hello_version;
            if (pkt->first_pass)
              trawl_web_tls_session_set (pkt, st->hello_version);
            st->hello_version = 0;
          }
      }
      break;
    case CT_APPLICATION_DATA:
      trawl_tree_add_item (pkt, rnode, hf_tls_app_data, &rec, 0, have, TRAWL_ENC_BE);
      trawl_col_append_sep_info (pkt, ", ", "Application Data");
      what = "Application Data Protocol: Application Data";
      break;
    default:
      trawl_col_append_sep_info (pkt, ", ", "Heartbeat");
      what = "Heartbeat";
      break;
    }
  trawl_node_set_text (pkt, rnode, "%s Record Layer: %s", version_col_name (shown), what ? what : "");
  if (clipped)
    trawl_tree_add_expert (pkt, rnode, TRAWL_EXPERT_NOTE,
                           "Record continues past this segment (%u of %u bytes here; no reassembly)", have, rlen);
  return 5 + have;
}

static void
dissect_tls (TrawlPacket *pkt,
             TrawlCursor *cur,
             TrawlNode   *parent)
{
  guint32 len = trawl_cursor_len (cur), off = 0;
  TrawlNode *top = trawl_tree_add_protocol (pkt, parent, proto_tls, cur, 0, len);
  TlsState st = { 0 };
  guint32 frame = 0;
  guint16 version = 0;
  gboolean have_session = trawl_web_tls_session_lookup (pkt, &frame, &version);

  if (have_session && pkt->number > frame)
    st.session_version = version;
  trawl_col_clear_info (pkt);
  st.record_version = st.session_version;

  for (guint i = 0; i < MAX_RECORDS_PER_SEG && off < len; i++)
    {
      if (!looks_like_record (cur, off))
        {
          trawl_tree_add_text (pkt, top, cur, off, len - off, "Continuation Data");
          trawl_col_append_sep_info (pkt, ", ", "Continuation Data");
          break;
        }
      off += dissect_record (pkt, cur, top, off, &st);
    }
  /* With the whole capture analysed (tshark -2, the window), the frames
   * before the ServerHello are named after the version it chose too. */
  if (have_session && pkt->number < frame && !pkt->no_forward_refs)
    st.record_version = version;
  trawl_col_set_protocol (pkt, st.record_version ? version_col_name (st.record_version) : "TLS");
}

static gboolean
dissect_tls_port (TrawlPacket *pkt,
                  TrawlCursor *cur,
                  TrawlNode   *parent)
{
  if (trawl_cursor_len (cur) == 0)
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_TLS))
    return TRUE;
  dissect_tls (pkt, cur, parent);
  return TRUE;
}

static gboolean
dissect_tls_heur (TrawlPacket *pkt,
                  TrawlCursor *cur,
                  TrawlNode   *parent)
{
  if (!looks_like_record (cur, 0))
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_TLS))
    return TRUE;
  dissect_tls (pkt, cur, parent);
  return TRUE;
}

void
trawl_register_tls (void)
{
  proto_tls = trawl_proto_register ("tls", N_("Transport Layer Security"), "TLS");
  trawl_field_register (proto_tls, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_TCP_PORT, 443, dissect_tls_port);
  trawl_dissector_table_add (TRAWL_TABLE_TCP_PORT, 8443, dissect_tls_port);
  trawl_heuristic_add (TRAWL_HEUR_TCP, dissect_tls_heur);
}
