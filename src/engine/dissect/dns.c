/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dns.c: the Domain Name System over UDP and TCP (RFC 1035, 6891 EDNS0)
 *
 * Names are expanded through compression pointers with two bounds: the
 * text of a name stops at 253 characters ("<Name too long>"), and the
 * number of bytes visited while following pointers stops at the size of
 * the message ("<Name contains a pointer that loops>"), as Wireshark
 * does.  A read past the message is Wireshark's exception: the layer is
 * marked malformed and dissection of the message stops there.
 *
 * That second bound alone lets every name of a message walk the whole
 * message: a 63 KB message of chained pointers and 2,600 names pointing
 * at the chain took a second (a minute under ASan).  So a name also has a
 * budget of steps (a label or a pointer each) once it has left its own
 * bytes through a pointer: a real name needs at most 127 labels and one
 * pointer per label.  Past the budget the name is "<Name too long>" when
 * its text already overflowed, else a pointer loop; this only differs
 * from tshark on names no encoder writes (more than 256 labels and
 * pointers after the first pointer).  The work per message is then linear
 * in its size.
 */
#include "config.h"

#include <string.h>
#include <arpa/inet.h>
#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-format.h"
#include "trawl-hash.h"
#include "trawl-tcp.h"
#include "analysis/trawl-analysis.h"

#define DNS_HDRLEN        12
#define DNS_MAX_NAME_TEXT 253  /* 255 bytes on the wire */
#define DNS_MAX_INDIRECT_STEPS 256  /* labels + pointers after the first pointer */

#define T_A      1
#define T_NS     2
#define T_CNAME  5
#define T_SOA    6
#define T_PTR   12
#define T_MX    15
#define T_TXT   16
#define T_AAAA  28
#define T_SRV   33
#define T_OPT   41

#define OPCODE_UPDATE 5

#define O_COOKIE  10
#define O_PADDING 12

static int proto_dns = -1;
static int hf_dns_length = -1;
static int hf_dns_id = -1;
static int hf_dns_flags = -1;
static int hf_dns_flags_response = -1;
static int hf_dns_flags_opcode = -1;
static int hf_dns_flags_authoritative = -1;
static int hf_dns_flags_truncated = -1;
static int hf_dns_flags_recdesired = -1;
static int hf_dns_flags_recavail = -1;
static int hf_dns_flags_z = -1;
static int hf_dns_flags_authenticated = -1;
static int hf_dns_flags_checkdisable = -1;
static int hf_dns_flags_rcode = -1;
static int hf_dns_count_queries = -1;
static int hf_dns_count_zones = -1;
static int hf_dns_count_answers = -1;
static int hf_dns_count_prerequisites = -1;
static int hf_dns_count_auth_rr = -1;
static int hf_dns_count_updates = -1;
static int hf_dns_count_add_rr = -1;
static int hf_dns_qry_name = -1;
static int hf_dns_qry_name_len = -1;
static int hf_dns_count_labels = -1;
static int hf_dns_qry_type = -1;
static int hf_dns_qry_class = -1;
static int hf_dns_resp_name = -1;
static int hf_dns_resp_type = -1;
static int hf_dns_resp_class = -1;
static int hf_dns_resp_ttl = -1;
static int hf_dns_resp_len = -1;
static int hf_dns_srv_service = -1;
static int hf_dns_srv_proto = -1;
static int hf_dns_srv_name = -1;
static int hf_dns_srv_priority = -1;
static int hf_dns_srv_weight = -1;
static int hf_dns_srv_port = -1;
static int hf_dns_srv_target = -1;
static int hf_dns_a = -1;
static int hf_dns_aaaa = -1;
static int hf_dns_cname = -1;
static int hf_dns_ns = -1;
static int hf_dns_ptr_domain_name = -1;
static int hf_dns_mx_preference = -1;
static int hf_dns_mx_mail_exchange = -1;
static int hf_dns_txt_length = -1;
static int hf_dns_txt = -1;
static int hf_dns_soa_mname = -1;
static int hf_dns_soa_rname = -1;
static int hf_dns_soa_serial_number = -1;
static int hf_dns_soa_refresh_interval = -1;
static int hf_dns_soa_retry_interval = -1;
static int hf_dns_soa_expire_limit = -1;
static int hf_dns_soa_minimum_ttl = -1;
static int hf_dns_rr_udp_payload_size = -1;
static int hf_dns_resp_ext_rcode = -1;
static int hf_dns_resp_edns0_version = -1;
static int hf_dns_resp_z = -1;
static int hf_dns_resp_z_do = -1;
static int hf_dns_resp_z_reserved = -1;
static int hf_dns_opt = -1;
static int hf_dns_opt_code = -1;
static int hf_dns_opt_len = -1;
static int hf_dns_opt_data = -1;
static int hf_dns_opt_cookie_client = -1;
static int hf_dns_opt_cookie_server = -1;
static int hf_dns_opt_padding = -1;
static int hf_dns_data = -1;
static int hf_dns_response_in = -1;
static int hf_dns_response_to = -1;
static int hf_dns_time = -1;

typedef struct
{
  guint16     value;
  const char *short_name;  /* the Info column and tree labels: "A" */
  const char *long_name;   /* the Type field: "A (Host Address)" */
} DnsType;

static const DnsType dns_types[] = {
  { 0, "Unused", "Unused" },
  { 1, "A", "A (Host Address)" },
  { 2, "NS", "NS (authoritative Name Server)" },
  { 3, "MD", "MD (Mail Destination)" },
  { 4, "MF", "MF (Mail Forwarder)" },
  { 5, "CNAME", "CNAME (Canonical NAME for an alias)" },
  { 6, "SOA", "SOA (Start Of a zone of Authority)" },
  { 7, "MB", "MB (MailBox domain name)" },
  { 8, "MG", "MG (Mail Group member)" },
  { 9, "MR", "MR (Mail Rename domain)" },
  { 10, "NULL", "NULL RR" },
  { 11, "WKS", "WKS (Well Known Service)" },
  { 12, "PTR", "PTR (domain name PoinTeR)" },
  { 13, "HINFO", "HINFO (host information)" },
  { 14, "MINFO", "MINFO (Mailbox or mail list information)" },
  { 15, "MX", "MX (Mail eXchange)" },
  { 16, "TXT", "TXT (Text strings)" },
  { 17, "RP", "RP (Responsible Person)" },
  { 18, "AFSDB", "AFSDB (AFS Data Base location)" },
  { 19, "X25", "X25 (XX.25 PSDN address)" },
  { 20, "ISDN", "ISDN (ISDN address)" },
  { 21, "RT", "RT (Route Through)" },
  { 22, "NSAP", "NSAP (NSAP address)" },
  { 23, "NSAP-PTR", "NSAP-PTR (NSAP domain name pointer)" },
  { 24, "SIG", "SIG (security signature)" },
  { 25, "KEY", "KEY (security key)" },
  { 26, "PX", "PX (X.400 mail mapping information)" },
  { 27, "GPOS", "GPOS (Geographical Position)" },
  { 28, "AAAA", "AAAA (IPv6 Address)" },
  { 29, "LOC", "LOC (Location Information)" },
  { 30, "NXT", "NXT (Next Domain)" },
  { 31, "EID", "EID (Endpoint Identifier)" },
  { 32, "NIMLOC", "NIMLOC (Nimrod Locator)" },
  { 33, "SRV", "SRV (Server Selection)" },
  { 34, "ATMA", "ATMA (ATM Address)" },
  { 35, "NAPTR", "NAPTR (Naming Authority Pointer)" },
  { 36, "KX", "KX (Key Exchanger)" },
  { 37, "CERT", "CERT" },
  { 38, "A6", "A6 (OBSOLETE - use AAAA)" },
  { 39, "DNAME", "DNAME" },
  { 40, "SINK", "SINK" },
  { 41, "OPT", "OPT" },
  { 42, "APL", "APL" },
  { 43, "DS", "DS (Delegation Signer)" },
  { 44, "SSHFP", "SSHFP (SSH Key Fingerprint)" },
  { 45, "IPSECKEY", "IPSECKEY" },
  { 46, "RRSIG", "RRSIG (Resource Record Signature)" },
  { 47, "NSEC", "NSEC (Next Secure)" },
  { 48, "DNSKEY", "DNSKEY (DNS Public Key)" },
  { 49, "DHCID", "DHCID" },
  { 50, "NSEC3", "NSEC3" },
  { 51, "NSEC3PARAM", "NSEC3PARAM" },
  { 52, "TLSA", "TLSA" },
  { 55, "HIP", "HIP (Host Identity Protocol)" },
  { 57, "RKEY", "RKEY" },
  { 58, "TALINK", "TALINK (Trust Anchor LINK)" },
  { 59, "CDS", "CDS (Child DS)" },
  { 60, "CDNSKEY", "CDNSKEY (DNSKEY(s) the Child wants reflected in DS)" },
  { 61, "OPENPGPKEY", "OPENPGPKEY (OpenPGP Key)" },
  { 62, "CSYNC", "CSYNC (Child-to-Parent Synchronization)" },
  { 63, "ZONEMD", "ZONEMD" },
  { 64, "SVCB", "SVCB (General Purpose Service Endpoints)" },
  { 65, "HTTPS", "HTTPS (HTTPS Specific Service Endpoints)" },
  { 99, "SPF", "SPF" },
  { 100, "UINFO", "UINFO" },
  { 101, "UID", "UID" },
  { 102, "GID", "GID" },
  { 103, "UNSPEC", "UNSPEC" },
  { 104, "NID", "NID (NodeID)" },
  { 105, "L32", "L32 (Locator32)" },
  { 106, "L64", "L64 (Locator64)" },
  { 107, "LP", "LP (Locator FQDN)" },
  { 108, "EUI48", "EUI48" },
  { 109, "EUI64", "EUI64" },
  { 249, "TKEY", "TKEY (Transaction Key)" },
  { 250, "TSIG", "TSIG (Transaction Signature)" },
  { 251, "IXFR", "IXFR (incremental transfer)" },
  { 252, "AXFR", "AXFR (transfer of an entire zone)" },
  { 253, "MAILB", "MAILB (mailbox-related RRs)" },
  { 254, "MAILA", "MAILA (mail agent RRs)" },
  { 255, "ANY", "* (A request for all records the server/cache has available)" },
  { 256, "URI", "URI" },
  { 257, "CAA", "CAA (Certification Authority Restriction)" },
  { 32768, "TA", "TA (DNSSEC Trust Authorities)" },
  { 32769, "DLV", "DLV (DNSSEC Lookaside Validation)" },
  { 65281, "WINS", "WINS" },
  { 65282, "WINS-R", "WINS-R" },
  { 65422, "XPF", "XPF" },
};

/* Value names of the Type fields, built from dns_types at registration. */
static TrawlValueName dns_type_vals[G_N_ELEMENTS (dns_types) + 1];

static const TrawlValueName dns_class_vals[] = {
  { 0x0001, "IN" },
  { 0x0002, "CS" },
  { 0x0003, "CH" },
  { 0x0004, "HS" },
  { 0x00fe, "NONE" },
  { 0x00ff, "ANY" },
  { 0, NULL }
};

static const TrawlValueName dns_opcode_vals[] = {
  { 0, "Standard query" },
  { 1, "Inverse query" },
  { 2, "Server status request" },
  { 4, "Zone change notification" },
  { 5, "Dynamic update" },
  { 6, "DNS Stateful operations (DSO)" },
  { 0, NULL }
};

static const TrawlValueName dns_rcode_vals[] = {
  { 0, "No error" },
  { 1, "Format error" },
  { 2, "Server failure" },
  { 3, "No such name" },
  { 4, "Not implemented" },
  { 5, "Refused" },
  { 6, "Name exists" },
  { 7, "RRset exists" },
  { 8, "RRset does not exist" },
  { 9, "Not authoritative" },
  { 10, "Name out of zone" },
  { 11, "DSO-Type not implemented" },
  { 16, "Bad OPT Version or TSIG Signature Failure" },
  { 17, "Key not recognized" },
  { 18, "Signature out of time window" },
  { 19, "Bad TKEY Mode" },
  { 20, "Duplicate key name" },
  { 21, "Algorithm not supported" },
  { 22, "Bad Truncation" },
  { 23, "Bad/missing Server Cookie" },
  { 0, NULL }
};

static const TrawlValueName dns_opt_code_vals[] = {
  { 0, "Reserved" },
  { 1, "LLQ - Long-lived query" },
  { 2, "UL - Update lease" },
  { 3, "NSID - Name Server Identifier" },
  { 4, "Owner (reserved)" },
  { 5, "DAU - DNSSEC Algorithm Understood (RFC6975)" },
  { 6, "DHU - DS Hash Understood (RFC6975)" },
  { 7, "N3U - NSEC3 Hash Understood (RFC6975)" },
  { 8, "CSUBNET - Client subnet" },
  { 9, "EDNS EXPIRE (RFC7314)" },
  { 10, "COOKIE" },
  { 11, "EDNS TCP Keepalive" },
  { 12, "PADDING" },
  { 13, "CHAIN" },
  { 15, "Extended DNS Error" },
  { 20730, "Experimental - CSUBNET - Client subnet" },
  { 0, NULL }
};

static const TrawlTrueFalse tfs_response = { N_("Message is a response"), N_("Message is a query") };
static const TrawlTrueFalse tfs_authoritative = { N_("Server is an authority for domain"), N_("Server is not an authority for domain") };
static const TrawlTrueFalse tfs_truncated = { N_("Message is truncated"), N_("Message is not truncated") };
static const TrawlTrueFalse tfs_recdesired = { N_("Do query recursively"), N_("Don't do query recursively") };
static const TrawlTrueFalse tfs_recavail = { N_("Server can do recursive queries"), N_("Server can't do recursive queries") };
static const TrawlTrueFalse tfs_z = { N_("reserved - incorrect!"), N_("reserved (0)") };
static const TrawlTrueFalse tfs_authenticated = { N_("Answer/authority portion was authenticated by the server"), N_("Answer/authority portion was not authenticated by the server") };
static const TrawlTrueFalse tfs_checkdisable = { N_("Acceptable"), N_("Unacceptable") };
static const TrawlTrueFalse tfs_do = { N_("Accepts DNSSEC security RRs"), N_("Cannot handle DNSSEC security RRs") };

static const TrawlFieldDef fields[] = {
  { &hf_dns_length, "dns.length", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length of DNS-over-TCP request or response") },
  { &hf_dns_id, "dns.id", N_("Transaction ID"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, NULL, 0, N_("Identification of transaction") },
  { &hf_dns_flags, "dns.flags", N_("Flags"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_dns_flags_response, "dns.flags.response", N_("Response"), TRAWL_FT_BOOLEAN, 16, NULL, 0x8000, N_("Is the message a response?"), NULL, &tfs_response },
  { &hf_dns_flags_opcode, "dns.flags.opcode", N_("Opcode"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, dns_opcode_vals, 0x7800, N_("Operation code") },
  { &hf_dns_flags_authoritative, "dns.flags.authoritative", N_("Authoritative"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0400, N_("Is the server is an authority for the domain?"), NULL, &tfs_authoritative },
  { &hf_dns_flags_truncated, "dns.flags.truncated", N_("Truncated"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0200, N_("Is the message truncated?"), NULL, &tfs_truncated },
  { &hf_dns_flags_recdesired, "dns.flags.recdesired", N_("Recursion desired"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0100, N_("Do query recursively?"), NULL, &tfs_recdesired },
  { &hf_dns_flags_recavail, "dns.flags.recavail", N_("Recursion available"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0080, N_("Can the server do recursive queries?"), NULL, &tfs_recavail },
  { &hf_dns_flags_z, "dns.flags.z", N_("Z"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0040, N_("Z flag"), NULL, &tfs_z },
  { &hf_dns_flags_authenticated, "dns.flags.authenticated", N_("Answer authenticated"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0020, N_("Was the reply data authenticated by the server?"), NULL, &tfs_authenticated },
  { &hf_dns_flags_checkdisable, "dns.flags.checkdisable", N_("Non-authenticated data"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0010, N_("Is non-authenticated data acceptable?"), NULL, &tfs_checkdisable },
  { &hf_dns_flags_rcode, "dns.flags.rcode", N_("Reply code"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, dns_rcode_vals, 0x000f },
  { &hf_dns_count_queries, "dns.count.queries", N_("Questions"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of queries in packet") },
  { &hf_dns_count_zones, "dns.count.zones", N_("Zones"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of zones in packet") },
  { &hf_dns_count_answers, "dns.count.answers", N_("Answer RRs"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of answers in packet") },
  { &hf_dns_count_prerequisites, "dns.count.prerequisites", N_("Prerequisites"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of prerequisites in packet") },
  { &hf_dns_count_auth_rr, "dns.count.auth_rr", N_("Authority RRs"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of authoritative records in packet") },
  { &hf_dns_count_updates, "dns.count.updates", N_("Updates"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of updates records in packet") },
  { &hf_dns_count_add_rr, "dns.count.add_rr", N_("Additional RRs"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Number of additional records in packet") },
  { &hf_dns_qry_name, "dns.qry.name", N_("Name"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Query Name") },
  { &hf_dns_qry_name_len, "dns.qry.name.len", N_("Name Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Query Name Len") },
  { &hf_dns_count_labels, "dns.count.labels", N_("Label Count"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Query Label Count") },
  { &hf_dns_qry_type, "dns.qry.type", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, dns_type_vals, 0, N_("Query Type") },
  { &hf_dns_qry_class, "dns.qry.class", N_("Class"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, dns_class_vals, 0, N_("Query Class") },
  { &hf_dns_resp_name, "dns.resp.name", N_("Name"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Response Name") },
  { &hf_dns_resp_type, "dns.resp.type", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, dns_type_vals, 0, N_("Response Type") },
  { &hf_dns_resp_class, "dns.resp.class", N_("Class"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, dns_class_vals, 0, N_("Response Class") },
  { &hf_dns_resp_ttl, "dns.resp.ttl", N_("Time to live"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("Response TTL") },
  { &hf_dns_resp_len, "dns.resp.len", N_("Data length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Response Length") },
  { &hf_dns_srv_service, "dns.srv.service", N_("Service"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Desired service") },
  { &hf_dns_srv_proto, "dns.srv.proto", N_("Protocol"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Desired protocol") },
  { &hf_dns_srv_name, "dns.srv.name", N_("Name"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Domain this resource record refers to") },
  { &hf_dns_srv_priority, "dns.srv.priority", N_("Priority"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dns_srv_weight, "dns.srv.weight", N_("Weight"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dns_srv_port, "dns.srv.port", N_("Port"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dns_srv_target, "dns.srv.target", N_("Target"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_a, "dns.a", N_("Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Response Address") },
  { &hf_dns_aaaa, "dns.aaaa", N_("AAAA Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE, NULL, 0, N_("AAAA Response Address") },
  { &hf_dns_cname, "dns.cname", N_("CNAME"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Response Primary Name") },
  { &hf_dns_ns, "dns.ns", N_("Name Server"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_ptr_domain_name, "dns.ptr.domain_name", N_("Domain Name"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_mx_preference, "dns.mx.preference", N_("Preference"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dns_mx_mail_exchange, "dns.mx.mail_exchange", N_("Mail Exchange"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_txt_length, "dns.txt.length", N_("TXT Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_dns_txt, "dns.txt", N_("TXT"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_soa_mname, "dns.soa.mname", N_("Primary name server"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_soa_rname, "dns.soa.rname", N_("Responsible authority's mailbox"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dns_soa_serial_number, "dns.soa.serial_number", N_("Serial Number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_dns_soa_refresh_interval, "dns.soa.refresh_interval", N_("Refresh Interval"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_dns_soa_retry_interval, "dns.soa.retry_interval", N_("Retry Interval"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_dns_soa_expire_limit, "dns.soa.expire_limit", N_("Expire limit"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_dns_soa_minimum_ttl, "dns.soa.minimum_ttl", N_("Minimum TTL"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  /* Wireshark registers this one BASE_HEX but shows and exports it in decimal. */
  { &hf_dns_rr_udp_payload_size, "dns.rr.udp_payload_size", N_("UDP payload size"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dns_resp_ext_rcode, "dns.resp.ext_rcode", N_("Higher bits in extended RCODE"), TRAWL_FT_UINT8, TRAWL_BASE_HEX },
  { &hf_dns_resp_edns0_version, "dns.resp.edns0_version", N_("EDNS0 version"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_dns_resp_z, "dns.resp.z", N_("Z"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_dns_resp_z_do, "dns.resp.z.do", N_("DO bit"), TRAWL_FT_BOOLEAN, 16, NULL, 0x8000, N_("DNSSEC OK"), NULL, &tfs_do },
  { &hf_dns_resp_z_reserved, "dns.resp.z.reserved", N_("Reserved"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, NULL, 0x7fff },
  { &hf_dns_opt, "dns.opt", N_("Option"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_dns_opt_code, "dns.opt.code", N_("Option Code"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, dns_opt_code_vals },
  { &hf_dns_opt_len, "dns.opt.len", N_("Option Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dns_opt_data, "dns.opt.data", N_("Option Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_dns_opt_cookie_client, "dns.opt.cookie.client", N_("Client Cookie"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_dns_opt_cookie_server, "dns.opt.cookie.server", N_("Server Cookie"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_dns_opt_padding, "dns.opt.padding", N_("Padding"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("The PADDING octets SHOULD be set to 0x00") },
  { &hf_dns_data, "dns.data", N_("Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_dns_response_in, "dns.response_in", N_("Response In"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The response to this DNS query is in this frame") },
  { &hf_dns_response_to, "dns.response_to", N_("Request In"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This is a response to the DNS query in this frame") },
  { &hf_dns_time, "dns.time", N_("Time"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("The time between the Query and the Response") },
};

/* ---- names ---- */

typedef struct
{
  const char *text;      /* as shown (escaped), or a placeholder; NULL when not formatted */
  guint32     raw_len;   /* dns.qry.name.len: bytes of the expanded name */
  guint16     labels;    /* dns.count.labels */
  guint32     wire_len;  /* bytes the name takes where it starts */
} DnsName;

/* Wireshark's format_text(): C escapes for control characters, octal for
 * the others, valid UTF-8 kept, invalid bytes as U+FFFD. */
static const char *
escape_name (TrawlPacket  *pkt,
             const guint8 *raw,
             guint         n)
{
  /* callers pass a name (<= 253 bytes) or a character-string (<= 255) */
  char buf[255 * 4 + 1];
  gsize o = 0;  /* at most 4 bytes out per byte in: buf cannot overflow */
  guint i = 0;

  while (i < n)
    {
      guint8 c = raw[i];
      if (c >= 0x20 && c < 0x7f)
        {
          buf[o++] = (char) c;
          i++;
          continue;
        }
      if (c >= 0x80)
        {
          guint need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
          if (c >= 0xc2 && c <= 0xf4 && need <= n - i &&
              g_utf8_validate ((const char *) raw + i, need, NULL))
            {
              memcpy (buf + o, raw + i, need);
              o += need;
              i += need;
            }
          else
            {
              memcpy (buf + o, "\xef\xbf\xbd", 3);
              o += 3;
              i++;
            }
          continue;
        }
      buf[o++] = '\\';
      switch (c)
        {
        case '\a': buf[o++] = 'a'; break;
        case '\b': buf[o++] = 'b'; break;
        case '\f': buf[o++] = 'f'; break;
        case '\n': buf[o++] = 'n'; break;
        case '\r': buf[o++] = 'r'; break;
        case '\t': buf[o++] = 't'; break;
        case '\v': buf[o++] = 'v'; break;
        default:
          buf[o++] = (char) ('0' + ((c >> 6) & 3));
          buf[o++] = (char) ('0' + ((c >> 3) & 7));
          buf[o++] = (char) ('0' + (c & 7));
          break;
        }
      i++;
    }
  return trawl_arena_strndup (pkt->arena, buf, o);
}

/* Expand the name at @off of the message @msg.  FALSE when a read fell
 * outside the message or a label type is reserved (Wireshark throws
 * there); a looping pointer or an over-long name is not an error, it
 * gives a placeholder text. */
static gboolean
get_name (TrawlPacket *pkt,
          TrawlCursor *msg,
          guint32      off,
          DnsName     *name)
{
  guint8 raw[DNS_MAX_NAME_TEXT + 1];
  guint32 n = 0, pos = off, processed = 0, msg_len = trawl_cursor_len (msg);
  guint32 wire_len = 0, indirect_steps = 0;
  const char *placeholder = NULL;
  gboolean too_long = FALSE;

  /* Each pass consumes at least one byte of `processed`, and a pointer is
   * only followed while fewer bytes than the message holds were visited,
   * so the loop is bounded by the message size; past the first pointer it
   * is also bounded by DNS_MAX_INDIRECT_STEPS. */
  for (;;)
    {
      guint8 len;

      if (wire_len != 0 && ++indirect_steps > DNS_MAX_INDIRECT_STEPS)
        {
          placeholder = too_long ? "<Name too long>" : "<Name contains a pointer that loops>";
          break;
        }
      if (!trawl_cursor_has (msg, pos, 1))
        return FALSE;
      len = trawl_cursor_get_u8 (msg, pos);
      pos++;
      processed++;

      if ((len & 0xc0) == 0x00)
        {
          if (len == 0)
            break;
          if (!trawl_cursor_has (msg, pos, len))
            return FALSE;
          if (!too_long && n + (n ? 1 : 0) + len > DNS_MAX_NAME_TEXT)
            too_long = TRUE;
          if (!too_long)
            {
              if (n)
                raw[n++] = '.';
              memcpy (raw + n, trawl_cursor_ptr (msg, pos, len), len);
              n += len;
            }
          pos += len;
          processed += len;
        }
      else if ((len & 0xc0) == 0xc0)
        {
          guint32 target;

          if (!trawl_cursor_has (msg, pos, 1))
            return FALSE;
          target = ((guint32) (len & 0x3f) << 8) | trawl_cursor_get_u8 (msg, pos);
          pos++;
          processed++;
          if (wire_len == 0)
            wire_len = pos - off;
          if (processed >= msg_len)
            {
              placeholder = "<Name contains a pointer that loops>";
              break;
            }
          pos = target;
        }
      else
        {
          /* 0x40 extended and 0x80 reserved label types */
          return FALSE;
        }
    }

  if (wire_len == 0)
    wire_len = pos - off;
  if (placeholder == NULL && too_long)
    placeholder = "<Name too long>";
  if (placeholder == NULL && n == 0)
    placeholder = "<Root>";

  name->wire_len = wire_len;
  if (placeholder)
    {
      name->text = placeholder;
      name->raw_len = (guint32) strlen (placeholder);
      name->labels = 1;
      return TRUE;
    }
  name->raw_len = n;
  name->labels = 1;
  for (guint32 i = 0; i < n; i++)
    if (raw[i] == '.')
      name->labels++;
  name->text = (pkt->want_tree || pkt->want_columns) ? escape_name (pkt, raw, n) : NULL;
  return TRUE;
}

/* ---- text helpers ---- */

static const DnsType *
find_type (guint16 type)
{
  for (guint i = 0; i < G_N_ELEMENTS (dns_types); i++)
    if (dns_types[i].value == type)
      return &dns_types[i];
  return NULL;
}

/* "A", or "Unknown (192)" */
static const char *
type_short_name (TrawlPacket *pkt,
                 guint16      type)
{
  const DnsType *t = find_type (type);

  return t ? t->short_name : trawl_arena_printf (pkt->arena, "Unknown (%u)", type);
}

static const char *
class_name (guint16 klass)
{
  const char *s = trawl_value_name_lookup (dns_class_vals, klass);

  return s ? s : "Unknown";
}

/* Wireshark's unsigned_time_secs_to_str(): "1 day, 2 hours, 5 minutes". */
static const char *
secs_to_str (TrawlPacket *pkt,
             guint32      secs)
{
  g_autoptr(GString) text = g_string_new (NULL);

  trawl_format_secs (secs, text);
  return trawl_arena_strndup (pkt->arena, text->str, text->len);
}

/* ".... .... ..1. ...." for one bit of a 16-bit word */
static void
format_bit16 (char    *buf,
              guint16  value,
              guint16  mask)
{
  guint j = 0;

  for (gint bit = 15; bit >= 0; bit--)
    {
      guint16 m = (guint16) (1u << bit);
      buf[j++] = (mask & m) ? ((value & m) ? '1' : '0') : '.';
      if (bit % 4 == 0 && bit > 0)
        buf[j++] = ' ';
    }
  buf[j] = '\0';
}

/* ---- resource records ---- */

static gboolean
want_text (TrawlPacket *pkt)
{
  return pkt->want_tree || pkt->want_columns;
}

/* A name inside RDATA: field @hf at @off, its text in @name. */
static gboolean
add_name_field (TrawlPacket *pkt,
                TrawlNode   *tree,
                int          hf,
                TrawlCursor *msg,
                guint32      off,
                DnsName     *name)
{
  if (!get_name (pkt, msg, off, name))
    return FALSE;
  trawl_tree_add_string (pkt, tree, hf, msg, off, name->wire_len, name->text, -1);
  return TRUE;
}

static gboolean
dissect_opt_options (TrawlPacket *pkt,
                     TrawlCursor *msg,
                     TrawlNode   *rr,
                     guint32      off,
                     guint32      end)
{
  /* Each option takes at least its 4-byte header: bounded by rdlen. */
  while (off < end)
    {
      guint16 code, len;
      TrawlNode *opt;
      const char *code_name;

      if (!trawl_cursor_has (msg, off, 4))
        return FALSE;
      code = trawl_cursor_get_u16 (msg, off);
      len = trawl_cursor_get_u16 (msg, off + 2);
      opt = trawl_tree_add_item (pkt, rr, hf_dns_opt, msg, off, 4 + (guint32) len, TRAWL_ENC_BE);
      code_name = trawl_value_name_lookup (dns_opt_code_vals, code);
      trawl_node_set_text (pkt, opt, "Option: %s", code_name ? code_name : "Unknown");
      trawl_tree_add_item (pkt, opt, hf_dns_opt_code, msg, off, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, opt, hf_dns_opt_len, msg, off + 2, 2, TRAWL_ENC_BE);
      off += 4;
      if (!trawl_cursor_has (msg, off, len))
        return FALSE;
      /* present even when empty, as in Wireshark */
      trawl_tree_add_item (pkt, opt, hf_dns_opt_data, msg, off, len, TRAWL_ENC_BE);
      switch (code)
        {
        case O_COOKIE:
          trawl_tree_add_item (pkt, opt, hf_dns_opt_cookie_client, msg, off, MIN (len, 8), TRAWL_ENC_BE);
          /* Wireshark shows an absent server cookie as an empty field. */
          if (len >= 8)
            trawl_tree_add_item (pkt, opt, hf_dns_opt_cookie_server, msg, off + 8, len - 8, TRAWL_ENC_BE);
          break;
        case O_PADDING:
          trawl_tree_add_item (pkt, opt, hf_dns_opt_padding, msg, off, len, TRAWL_ENC_BE);
          break;
        default:
          break;
        }
      off += len;
    }
  return TRUE;
}

/* The OPT pseudo-RR (RFC 6891): CLASS is the UDP payload size, TTL the
 * extended RCODE, version and flags. */
static gboolean
dissect_opt_rr (TrawlPacket *pkt,
                TrawlCursor *msg,
                TrawlNode   *rr,
                guint32      off,
                guint16      rdlen)
{
  TrawlNode *z;

  trawl_tree_add_item (pkt, rr, hf_dns_rr_udp_payload_size, msg, off + 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, rr, hf_dns_resp_ext_rcode, msg, off + 4, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, rr, hf_dns_resp_edns0_version, msg, off + 5, 1, TRAWL_ENC_BE);
  z = trawl_tree_add_item (pkt, rr, hf_dns_resp_z, msg, off + 6, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, z, hf_dns_resp_z_do, msg, off + 6, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, z, hf_dns_resp_z_reserved, msg, off + 6, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, rr, hf_dns_resp_len, msg, off + 8, 2, TRAWL_ENC_BE);
  return dissect_opt_options (pkt, msg, rr, off + 10, off + 10 + rdlen);
}

/* RDATA of the common types: fields under @rr, the tail of its label in
 * *tail (", addr 10.0.0.1"), and the Info column's words. */
static gboolean
dissect_rdata (TrawlPacket *pkt,
               TrawlCursor *msg,
               TrawlNode   *rr,
               guint16      type,
               guint32      off,
               guint16      rdlen,
               const char **tail)
{
  DnsName name;
  guint32 end = off + rdlen;

  switch (type)
    {
    case T_A:
      {
        char addr[INET_ADDRSTRLEN];
        const guint8 *p = trawl_cursor_ptr (msg, off, 4);
        if (p == NULL)
          return FALSE;
        trawl_tree_add_item (pkt, rr, hf_dns_a, msg, off, 4, TRAWL_ENC_BE);
        if (want_text (pkt))
          {
            g_snprintf (addr, sizeof addr, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
            *tail = trawl_arena_printf (pkt->arena, ", addr %s", addr);
            trawl_col_append_info (pkt, " %s", addr);
          }
      }
      break;

    case T_AAAA:
      {
        char addr[INET6_ADDRSTRLEN];
        const guint8 *p = trawl_cursor_ptr (msg, off, 16);
        if (p == NULL)
          return FALSE;
        trawl_tree_add_item (pkt, rr, hf_dns_aaaa, msg, off, 16, TRAWL_ENC_BE);
        if (want_text (pkt) && inet_ntop (AF_INET6, p, addr, sizeof addr))
          {
            *tail = trawl_arena_printf (pkt->arena, ", addr %s", addr);
            trawl_col_append_info (pkt, " %s", addr);
          }
      }
      break;

    case T_NS:
    case T_CNAME:
    case T_PTR:
      {
        int hf = type == T_NS ? hf_dns_ns : type == T_CNAME ? hf_dns_cname : hf_dns_ptr_domain_name;
        const char *what = type == T_NS ? ", ns " : type == T_CNAME ? ", cname " : ", ";
        if (!add_name_field (pkt, rr, hf, msg, off, &name))
          return FALSE;
        if (want_text (pkt))
          {
            *tail = trawl_arena_printf (pkt->arena, "%s%s", what, name.text);
            trawl_col_append_info (pkt, " %s", name.text);
          }
      }
      break;

    case T_MX:
      {
        guint16 pref = trawl_cursor_get_u16 (msg, off);
        trawl_tree_add_item (pkt, rr, hf_dns_mx_preference, msg, off, 2, TRAWL_ENC_BE);
        if (msg->error || !add_name_field (pkt, rr, hf_dns_mx_mail_exchange, msg, off + 2, &name))
          return FALSE;
        if (want_text (pkt))
          {
            *tail = trawl_arena_printf (pkt->arena, ", preference %u, mx %s", pref, name.text);
            trawl_col_append_info (pkt, " %u %s", pref, name.text);
          }
      }
      break;

    case T_SOA:
      {
        static int *const hf_times[] = {
          &hf_dns_soa_refresh_interval, &hf_dns_soa_retry_interval,
          &hf_dns_soa_expire_limit, &hf_dns_soa_minimum_ttl,
        };
        DnsName rname;
        guint32 pos;
        TrawlNode *n;

        if (!add_name_field (pkt, rr, hf_dns_soa_mname, msg, off, &name))
          return FALSE;
        if (want_text (pkt))
          {
            *tail = trawl_arena_printf (pkt->arena, ", mname %s", name.text);
            trawl_col_append_info (pkt, " %s", name.text);
          }
        pos = off + name.wire_len;
        if (!add_name_field (pkt, rr, hf_dns_soa_rname, msg, pos, &rname))
          return FALSE;
        pos += rname.wire_len;
        if (!trawl_cursor_has (msg, pos, 20))
          return FALSE;
        trawl_tree_add_item (pkt, rr, hf_dns_soa_serial_number, msg, pos, 4, TRAWL_ENC_BE);
        for (guint i = 0; i < G_N_ELEMENTS (hf_times); i++)
          {
            guint32 v = trawl_cursor_get_u32 (msg, pos + 4 + 4 * i);
            n = trawl_tree_add_item (pkt, rr, *hf_times[i], msg, pos + 4 + 4 * i, 4, TRAWL_ENC_BE);
            if (n)
              trawl_node_append_text (pkt, n, " (%s)", secs_to_str (pkt, v));
          }
      }
      break;

    case T_SRV:
      {
        guint16 prio, weight, port;
        if (!trawl_cursor_has (msg, off, 6))
          return FALSE;
        prio = trawl_cursor_get_u16 (msg, off);
        weight = trawl_cursor_get_u16 (msg, off + 2);
        port = trawl_cursor_get_u16 (msg, off + 4);
        if (!get_name (pkt, msg, off + 6, &name))
          return FALSE;
        if (want_text (pkt))
          {
            *tail = trawl_arena_printf (pkt->arena, ", priority %u, weight %u, port %u, target %s",
                                        prio, weight, port, name.text);
            trawl_col_append_info (pkt, " %u %u %u %s", prio, weight, port, name.text);
          }
        trawl_tree_add_item (pkt, rr, hf_dns_srv_priority, msg, off, 2, TRAWL_ENC_BE);
        trawl_tree_add_item (pkt, rr, hf_dns_srv_weight, msg, off + 2, 2, TRAWL_ENC_BE);
        trawl_tree_add_item (pkt, rr, hf_dns_srv_port, msg, off + 4, 2, TRAWL_ENC_BE);
        trawl_tree_add_string (pkt, rr, hf_dns_srv_target, msg, off + 6, name.wire_len, name.text, -1);
      }
      break;

    case T_TXT:
      {
        /* character-strings until rdlen: each takes at least one byte */
        guint32 pos = off;
        while (pos < end)
          {
            guint8 len;
            const guint8 *p;

            if (!trawl_cursor_has (msg, pos, 1))
              return FALSE;
            len = trawl_cursor_get_u8 (msg, pos);
            trawl_tree_add_item (pkt, rr, hf_dns_txt_length, msg, pos, 1, TRAWL_ENC_BE);
            p = trawl_cursor_ptr (msg, pos + 1, len);
            if (p == NULL)
              return FALSE;
            if (pkt->want_tree)
              trawl_tree_add_string (pkt, rr, hf_dns_txt, msg, pos + 1, len,
                                     escape_name (pkt, p, len), -1);
            pos += 1 + len;
          }
      }
      break;

    default:
      if (rdlen > 0)
        {
          if (!trawl_cursor_has (msg, off, rdlen))
            return FALSE;
          trawl_tree_add_item (pkt, rr, hf_dns_data, msg, off, rdlen, TRAWL_ENC_BE);
        }
      break;
    }
  return TRUE;
}

/* The owner name of an SRV record, split as Wireshark shows it:
 * _service._proto.name */
static void
add_srv_owner (TrawlPacket   *pkt,
               TrawlNode     *rr,
               TrawlCursor   *msg,
               guint32        off,
               const DnsName *name)
{
  const char *s = name->text;
  const char *dot1 = s ? strchr (s, '.') : NULL;
  const char *dot2 = dot1 ? strchr (dot1 + 1, '.') : NULL;

  if (dot2 == NULL)
    {
      trawl_tree_add_string (pkt, rr, hf_dns_resp_name, msg, off, name->wire_len, s, -1);
      return;
    }
  trawl_tree_add_string (pkt, rr, hf_dns_srv_service, msg, off, name->wire_len, s, dot1 - s);
  trawl_tree_add_string (pkt, rr, hf_dns_srv_proto, msg, off, name->wire_len, dot1 + 1, dot2 - dot1 - 1);
  trawl_tree_add_string (pkt, rr, hf_dns_srv_name, msg, off, name->wire_len, dot2 + 1, -1);
}

/* One resource record at @off; *next gets the offset after it. */
static gboolean
dissect_rr (TrawlPacket *pkt,
            TrawlCursor *msg,
            TrawlNode   *section,
            guint32      off,
            guint32     *next)
{
  DnsName name;
  guint32 pos;
  guint16 type, klass, rdlen;
  guint32 ttl;
  TrawlNode *rr = NULL, *n;
  const char *tail = "";
  gboolean ok;

  if (!get_name (pkt, msg, off, &name))
    return FALSE;
  pos = off + name.wire_len;
  if (!trawl_cursor_has (msg, pos, 10))
    return FALSE;
  type = trawl_cursor_get_u16 (msg, pos);
  klass = trawl_cursor_get_u16 (msg, pos + 2);
  ttl = trawl_cursor_get_u32 (msg, pos + 4);
  rdlen = trawl_cursor_get_u16 (msg, pos + 8);

  if (pkt->want_columns)
    trawl_col_append_info (pkt, " %s", type_short_name (pkt, type));
  /* A record that runs past the message is not shown at all: Wireshark's
   * subtree for it already fails (only its type made it into Info). */
  if (!trawl_cursor_has (msg, off, name.wire_len + 10u + rdlen))
    return FALSE;

  /* The label gets its tail from the RDATA, below. */
  rr = trawl_tree_add_text (pkt, section, msg, off, name.wire_len + 10 + rdlen, "%s", "");

  if (type == T_SRV)
    add_srv_owner (pkt, rr, msg, off, &name);
  else
    trawl_tree_add_string (pkt, rr, hf_dns_resp_name, msg, off, name.wire_len, name.text, -1);
  trawl_tree_add_item (pkt, rr, hf_dns_resp_type, msg, pos, 2, TRAWL_ENC_BE);

  if (type == T_OPT)
    ok = dissect_opt_rr (pkt, msg, rr, pos, rdlen);
  else
    {
      trawl_tree_add_item (pkt, rr, hf_dns_resp_class, msg, pos + 2, 2, TRAWL_ENC_BE);
      n = trawl_tree_add_item (pkt, rr, hf_dns_resp_ttl, msg, pos + 4, 4, TRAWL_ENC_BE);
      if (n)
        trawl_node_append_text (pkt, n, " (%s)", secs_to_str (pkt, ttl));
      trawl_tree_add_item (pkt, rr, hf_dns_resp_len, msg, pos + 8, 2, TRAWL_ENC_BE);
      ok = dissect_rdata (pkt, msg, rr, type, pos + 10, rdlen, &tail);
    }
  if (type == T_OPT)
    trawl_node_set_text (pkt, rr, "%s: type %s", name.text, type_short_name (pkt, type));
  else
    trawl_node_set_text (pkt, rr, "%s: type %s, class %s%s", name.text,
                         type_short_name (pkt, type), class_name (klass), tail);
  if (!ok || !trawl_cursor_has (msg, pos + 10, rdlen))
    return FALSE;
  *next = pos + 10 + rdlen;
  return TRUE;
}

static gboolean
dissect_query (TrawlPacket *pkt,
               TrawlCursor *msg,
               TrawlNode   *section,
               guint32      off,
               guint32     *next)
{
  DnsName name;
  guint32 pos;
  guint16 type, klass;
  TrawlNode *q = NULL, *n;

  if (!get_name (pkt, msg, off, &name))
    return FALSE;
  pos = off + name.wire_len;
  if (!trawl_cursor_has (msg, pos, 4))
    return FALSE;
  type = trawl_cursor_get_u16 (msg, pos);
  klass = trawl_cursor_get_u16 (msg, pos + 2);

  if (pkt->want_columns)
    trawl_col_append_info (pkt, " %s %s", type_short_name (pkt, type), name.text);
  if (pkt->want_tree && section)
    q = trawl_tree_add_text (pkt, section, msg, off, name.wire_len + 4, "%s: type %s, class %s",
                             name.text, type_short_name (pkt, type), class_name (klass));
  trawl_tree_add_string (pkt, q, hf_dns_qry_name, msg, off, name.wire_len, name.text, -1);
  n = trawl_tree_add_uint (pkt, q, hf_dns_qry_name_len, msg, off, name.wire_len, name.raw_len);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_uint (pkt, q, hf_dns_count_labels, msg, off, name.wire_len, name.labels);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  trawl_tree_add_item (pkt, q, hf_dns_qry_type, msg, pos, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, q, hf_dns_qry_class, msg, pos + 2, 2, TRAWL_ENC_BE);
  *next = pos + 4;
  return TRUE;
}

/* ---- the message ---- */

static gboolean
dissect_flags (TrawlPacket *pkt,
               TrawlCursor *msg,
               TrawlNode   *top,
               guint16      flags)
{
  gboolean response = (flags & 0x8000) != 0;
  guint16 opcode = (flags >> 11) & 0xf;
  const char *opname = trawl_value_name_lookup (dns_opcode_vals, opcode);
  const char *rcname = trawl_value_name_lookup (dns_rcode_vals, flags & 0xf);
  TrawlNode *f;

  f = trawl_tree_add_item (pkt, top, hf_dns_flags, msg, 2, 2, TRAWL_ENC_BE);
  /* Not f == NULL: under a display filter's field mask the flag bits may
   * be wanted without the flags word. */
  if (!trawl_packet_tree_wanted (pkt))
    return response;
  trawl_node_append_text (pkt, f, " %s%s%s%s",
                          opname ? opname : "Unknown operation",
                          response ? " response" : "",
                          response ? ", " : "",
                          response ? (rcname ? rcname : "Unknown error") : "");
  trawl_tree_add_item (pkt, f, hf_dns_flags_response, msg, 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_dns_flags_opcode, msg, 2, 2, TRAWL_ENC_BE);
  if (response)
    trawl_tree_add_item (pkt, f, hf_dns_flags_authoritative, msg, 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_dns_flags_truncated, msg, 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_dns_flags_recdesired, msg, 2, 2, TRAWL_ENC_BE);
  if (response)
    trawl_tree_add_item (pkt, f, hf_dns_flags_recavail, msg, 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_dns_flags_z, msg, 2, 2, TRAWL_ENC_BE);
  if (response)
    trawl_tree_add_item (pkt, f, hf_dns_flags_authenticated, msg, 2, 2, TRAWL_ENC_BE);
  else if (flags & 0x0020)
    {
      /* In a query the bit means "the client understands AD" (RFC 6840),
       * and tshark 4.0 shows it only when it is set:
       * Wireshark names it differently there. */
      char bits[24];
      TrawlNode *ad = trawl_tree_add_item (pkt, f, hf_dns_flags_authenticated, msg, 2, 2, TRAWL_ENC_BE);
      format_bit16 (bits, flags, 0x0020);
      trawl_node_set_text (pkt, ad, "%s = AD bit: %s", bits, (flags & 0x0020) ? "Set" : "Not set");
    }
  trawl_tree_add_item (pkt, f, hf_dns_flags_checkdisable, msg, 2, 2, TRAWL_ENC_BE);
  if (response)
    trawl_tree_add_item (pkt, f, hf_dns_flags_rcode, msg, 2, 2, TRAWL_ENC_BE);
  return response;
}

static void dns_record (TrawlPacket *pkt,
                        guint        seq,
                        guint16      id,
                        gboolean     response);
static void dns_match (TrawlPacket *pkt,
                       TrawlCursor *msg,
                       TrawlNode   *top,
                       guint        seq,
                       guint16      id,
                       gboolean     response);

/* The message in @msg (a UDP payload, or what follows the TCP length
 * prefix) under @top.  FALSE when a read went past the message. */
static gboolean
dissect_dns_message (TrawlPacket *pkt,
                     TrawlCursor *msg,
                     TrawlNode   *top,
                     guint        seq)
{
  static const char *const names[] = { "Queries", "Answers", "Authoritative nameservers", "Additional records" };
  static const char *const update_names[] = { "Zone", "Prerequisites", "Updates", "Additional records" };
  int hf_counts[] = { hf_dns_count_queries, hf_dns_count_answers, hf_dns_count_auth_rr, hf_dns_count_add_rr };
  int hf_update_counts[] = { hf_dns_count_zones, hf_dns_count_prerequisites, hf_dns_count_updates, hf_dns_count_add_rr };
  guint16 id, flags, opcode, rcode, counts[4];
  gboolean response;
  guint32 off;

  if (!trawl_cursor_has (msg, 0, 2))
    return FALSE;
  id = trawl_cursor_get_u16 (msg, 0);
  flags = trawl_cursor_get_u16 (msg, 2);
  response = (flags & 0x8000) != 0;
  opcode = (flags >> 11) & 0xf;
  rcode = flags & 0xf;

  if (pkt->want_tree)
    trawl_node_append_text (pkt, top, response ? " (response)" : " (query)");
  trawl_tree_add_item (pkt, top, hf_dns_id, msg, 0, 2, TRAWL_ENC_BE);
  if (!trawl_cursor_has (msg, 2, 2))
    return FALSE;

  if (pkt->want_columns)
    {
      const char *opname = trawl_value_name_lookup (dns_opcode_vals, opcode);
      if (seq > 0)
        trawl_col_append_info (pkt, "; ");
      if (opname)
        trawl_col_append_info (pkt, "%s%s 0x%04x", opname, response ? " response" : "", id);
      else
        trawl_col_append_info (pkt, "Unknown operation (%u)%s 0x%04x", opcode, response ? " response" : "", id);
      if (rcode != 0)
        {
          const char *rcname = trawl_value_name_lookup (dns_rcode_vals, rcode);
          if (rcname)
            trawl_col_append_info (pkt, " %s", rcname);
          else
            trawl_col_append_info (pkt, " Unknown error (%u)", rcode);
        }
    }
  dissect_flags (pkt, msg, top, flags);
  /* Pair query and response as soon as the header is known, as Wireshark
   * does: a response cut short by its segment still answers its query
   * (only the pair's tree lines wait for the end of the message). */
  dns_record (pkt, seq, id, response);

  for (guint i = 0; i < 4; i++)
    {
      if (!trawl_cursor_has (msg, 4 + 2 * i, 2))
        return FALSE;
      counts[i] = trawl_cursor_get_u16 (msg, 4 + 2 * i);
      trawl_tree_add_item (pkt, top, opcode == OPCODE_UPDATE ? hf_update_counts[i] : hf_counts[i],
                           msg, 4 + 2 * i, 2, TRAWL_ENC_BE);
    }

  off = DNS_HDRLEN;
  for (guint s = 0; s < 4; s++)
    {
      TrawlNode *section = NULL;
      guint32 start = off;

      if (counts[s] == 0)
        continue;
      section = trawl_tree_add_text (pkt, top, msg, off, 0, "%s",
                                     opcode == OPCODE_UPDATE ? update_names[s] : names[s]);
      /* Bounded by the count (<= 65535) and by the message: every
       * entry takes at least 5 bytes or the read fails. */
      for (guint i = 0; i < counts[s]; i++)
        {
          gboolean ok = s == 0 ? dissect_query (pkt, msg, section, off, &off)
                               : dissect_rr (pkt, msg, section, off, &off);
          if (!ok)
            {
              trawl_node_set_len (section, off - start);
              return FALSE;
            }
        }
      trawl_node_set_len (section, off - start);
    }

  dns_match (pkt, msg, top, seq, id, response);
  return TRUE;
}

/* ---- request/response matching ----
 *
 * The analysis pass (frames in order) pairs each response with the last
 * query of the same transport conversation and ID; later, any frame can
 * look its pair up by binary search.  Only DNS messages cost memory: one
 * DnsPair each, plus a pending key per query until its response. */

typedef struct
{
  guint32 frame;
  guint32 other;     /* the frame of the pair, 0 when none */
  gint64  delta_ns;  /* response: time since the query; query: its own time */
  guint16 seq;       /* the message's place in its frame (DNS over TCP) */
  guint16 response;
} DnsPair;

typedef struct
{
  TrawlAddress src, dst;
  guint16      srcport, dstport, id;
  guint8       ptype;
} DnsKey;

typedef struct
{
  GArray     *pairs;    /* DnsPair, sorted by (frame, seq) */
  GHashTable *pending;  /* DnsKey* -> index + 1 of the query's DnsPair */
} DnsAnalysis;

static guint
dns_key_hash (gconstpointer p)
{
  return trawl_hash_bytes (p, sizeof (DnsKey));
}

static gboolean
dns_key_equal (gconstpointer a,
               gconstpointer b)
{
  return memcmp (a, b, sizeof (DnsKey)) == 0;
}

void
trawl_dns_analysis_free (gpointer data)
{
  DnsAnalysis *da = data;

  if (da == NULL)
    return;
  g_array_unref (da->pairs);
  g_hash_table_unref (da->pending);
  g_free (da);
}

static void
make_key (DnsKey      *key,
          TrawlPacket *pkt,
          guint16      id,
          gboolean     reversed)
{
  memset (key, 0, sizeof *key);  /* padding takes part in hash and equality */
  key->src = reversed ? pkt->net_dst : pkt->net_src;
  key->dst = reversed ? pkt->net_src : pkt->net_dst;
  key->srcport = reversed ? pkt->dstport : pkt->srcport;
  key->dstport = reversed ? pkt->srcport : pkt->dstport;
  key->id = id;
  key->ptype = pkt->ptype;
}

static void
record_pair (TrawlPacket *pkt,
             guint        seq,
             guint16      id,
             gboolean     response)
{
  g_autoptr(GMutexLocker) locker = trawl_analysis_locker (pkt->analysis);
  DnsAnalysis *da = pkt->analysis->dns;
  DnsPair pair = { pkt->number, 0, 0, (guint16) seq, (guint16) response };
  DnsKey key;

  if (da == NULL)
    {
      da = g_new0 (DnsAnalysis, 1);
      da->pairs = g_array_new (FALSE, FALSE, sizeof (DnsPair));
      da->pending = g_hash_table_new_full (dns_key_hash, dns_key_equal, g_free, NULL);
      pkt->analysis->dns = da;
    }
  /* A frame dissected twice in the pass records nothing new. */
  if (da->pairs->len > 0)
    {
      DnsPair *last = &g_array_index (da->pairs, DnsPair, da->pairs->len - 1);
      if (last->frame > pkt->number || (last->frame == pkt->number && last->seq >= pair.seq))
        return;
    }

  if (!response)
    {
      pair.delta_ns = pkt->ts_ns;
      g_array_append_val (da->pairs, pair);
      make_key (&key, pkt, id, FALSE);
      g_hash_table_replace (da->pending, g_memdup2 (&key, sizeof key),
                            GUINT_TO_POINTER (da->pairs->len));
      return;
    }

  make_key (&key, pkt, id, TRUE);
  {
    guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (da->pending, &key));
    if (idx > 0)
      {
        DnsPair *query = &g_array_index (da->pairs, DnsPair, idx - 1);
        query->other = pkt->number;
        pair.other = query->frame;
        pair.delta_ns = pkt->ts_ns - query->delta_ns;
        g_hash_table_remove (da->pending, &key);
      }
  }
  g_array_append_val (da->pairs, pair);
}

static void
dns_record (TrawlPacket *pkt,
            guint        seq,
            guint16      id,
            gboolean     response)
{
  if (pkt->analysis != NULL && !pkt->in_error_pkt && pkt->first_pass)
    record_pair (pkt, seq, id, response);
}

static const DnsPair *
find_pair (const DnsAnalysis *da,
           guint32            frame,
           guint16            seq)
{
  guint lo = 0, hi = da->pairs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const DnsPair *p = &g_array_index (da->pairs, DnsPair, mid);
      if (p->frame < frame || (p->frame == frame && p->seq < seq))
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < da->pairs->len)
    {
      const DnsPair *p = &g_array_index (da->pairs, DnsPair, lo);
      if (p->frame == frame && p->seq == seq)
        return p;
    }
  return NULL;
}

static void
dns_match (TrawlPacket *pkt,
           TrawlCursor *msg,
           TrawlNode   *top,
           guint        seq,
           guint16      id,
           gboolean     response)
{
  const DnsPair *found;
  DnsPair pair;
  TrawlNode *n;

  if (pkt->analysis == NULL || pkt->in_error_pkt || pkt->first_pass || !pkt->want_tree)
    return;
  /* The pass may be adding pairs beside us: copy ours under the lock. */
  g_autoptr(GMutexLocker) locker = trawl_analysis_locker (pkt->analysis);
  found = pkt->analysis->dns ? find_pair (pkt->analysis->dns, pkt->number, (guint16) seq) : NULL;
  if (found)
    pair = *found;
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (found == NULL || pair.other == 0)
    return;
  if (!response)
    {
      /* The response is a later frame: not for a single pass. */
      if (pkt->no_forward_refs)
        return;
      n = trawl_tree_add_uint (pkt, top, hf_dns_response_in, msg, 0, 0, pair.other);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      return;
    }
  n = trawl_tree_add_uint (pkt, top, hf_dns_response_to, msg, 0, 0, pair.other);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_time (pkt, top, hf_dns_time, msg, 0, 0, pair.delta_ns);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
}

/* ---- entry points ---- */

static void
mark_malformed (TrawlPacket *pkt,
                TrawlNode   *top)
{
  trawl_tree_mark_malformed (pkt, top, "DNS");
  trawl_col_append_info (pkt, "[Malformed Packet]");
}

static void
add_unreassembled (TrawlPacket *pkt,
                   TrawlNode   *top,
                   TrawlCursor *cur)
{
  TrawlNode *bound, *e;

  /* tshark shows the cut message as a top-level "[BoundError Unreassembled
   * Packet: DNS]" line holding a Reassemble-group note. */
  bound = trawl_tree_add_text (pkt, pkt->root, cur, 0, 0, "BoundError Unreassembled Packet: DNS");
  trawl_node_set_flags (bound, TRAWL_NODE_GENERATED);
  e = trawl_tree_add_expert (pkt, bound ? bound : top, TRAWL_EXPERT_NOTE,
                             "Unreassembled fragment (change preferences to enable reassembly)");
  if (e)
    e->group = TRAWL_EXPERT_GROUP_REASSEMBLE;
  /* sic: tshark's Info column has no space there */
  trawl_col_append_info (pkt, "[BoundErrorUnreassembled Packet]");
}

static gboolean
dissect_dns_udp (TrawlPacket *pkt,
                 TrawlCursor *cur,
                 TrawlNode   *parent)
{
  guint32 len = trawl_cursor_len (cur);
  TrawlNode *top;

  /* Wireshark does not call DNS for an empty datagram either. */
  if (len == 0)
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_DNS))
    return TRUE;
  top = trawl_tree_add_protocol (pkt, parent, proto_dns, cur, 0, len);
  trawl_col_set_protocol (pkt, "DNS");
  trawl_col_clear_info (pkt);
  if (!dissect_dns_message (pkt, cur, top, 0))
    mark_malformed (pkt, top);
  return TRUE;
}

/* DNS over TCP: each message has a 2-byte length prefix, a segment may
 * hold several.  Without reassembly a message cut by the end of the
 * segment is shown as far as it goes, as Wireshark does with TCP
 * reassembly turned off. */
static gboolean
dissect_dns_tcp (TrawlPacket *pkt,
                 TrawlCursor *cur,
                 TrawlNode   *parent)
{
  guint32 total = trawl_cursor_len (cur), off = 0;
  guint seq = 0;

  if (total == 0)
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_DNS))
    return TRUE;
  trawl_col_set_protocol (pkt, "DNS");
  trawl_col_clear_info (pkt);

  /* Each pass consumes at least the 2-byte prefix. */
  while (off < total && seq <= G_MAXUINT16)
    {
      guint16 mlen;
      gboolean clipped = FALSE;
      TrawlCursor msg;
      TrawlNode *top;

      if (!trawl_cursor_has (cur, off, 2))
        {
          /* one byte of a length prefix: the rest is in the next segment */
          top = trawl_tree_add_protocol (pkt, parent, proto_dns, cur, off, total - off);
          add_unreassembled (pkt, top, cur);
          break;
        }
      mlen = trawl_cursor_get_u16 (cur, off);
      trawl_tcp_pdu (pkt, cur, off, 2 + (guint32) mlen);
      top = trawl_tree_add_protocol (pkt, parent, proto_dns, cur, off, 2 + (guint32) mlen);
      trawl_tree_add_item (pkt, top, hf_dns_length, cur, off, 2, TRAWL_ENC_BE);
      msg = trawl_cursor_sub (cur, off + 2, mlen, &clipped);
      if (!dissect_dns_message (pkt, &msg, top, seq))
        {
          if (clipped)
            add_unreassembled (pkt, top, cur);
          else
            mark_malformed (pkt, top);
          break;
        }
      off += 2 + (guint32) mlen;
      seq++;
    }
  return TRUE;
}

void
trawl_register_dns (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (dns_types); i++)
    {
      dns_type_vals[i].value = dns_types[i].value;
      dns_type_vals[i].name = dns_types[i].long_name;
    }
  proto_dns = trawl_proto_register ("dns", N_("Domain Name System"), "DNS");
  trawl_field_register (proto_dns, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_UDP_PORT, 53, dissect_dns_udp);
  trawl_dissector_table_add (TRAWL_TABLE_TCP_PORT, 53, dissect_dns_tcp);
}
