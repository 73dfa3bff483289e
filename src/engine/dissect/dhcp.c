/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dhcp.c: DHCP and BOOTP (RFC 2131, 2132) on UDP ports 67 and 68
 *
 * The fixed BOOTP header, the magic cookie, then options as type-length-
 * value until End.  Option overload (52: options continued in the sname
 * and file fields) is not followed.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-format.h"

#define BOOTP_HDRLEN  236
#define DHCP_COOKIE   0x63825363u

static int proto_dhcp = -1;
static int hf_dhcp_type = -1;
static int hf_dhcp_hw_type = -1;
static int hf_dhcp_hw_len = -1;
static int hf_dhcp_hops = -1;
static int hf_dhcp_id = -1;
static int hf_dhcp_secs = -1;
static int hf_dhcp_flags = -1;
static int hf_dhcp_flags_bc = -1;
static int hf_dhcp_flags_reserved = -1;
static int hf_dhcp_ip_client = -1;
static int hf_dhcp_ip_your = -1;
static int hf_dhcp_ip_server = -1;
static int hf_dhcp_ip_relay = -1;
static int hf_dhcp_hw_mac_addr = -1;
static int hf_dhcp_hw_addr_padding = -1;
static int hf_dhcp_hw_addr = -1;
static int hf_dhcp_server = -1;
static int hf_dhcp_file = -1;
static int hf_dhcp_cookie = -1;
static int hf_dhcp_option_type = -1;
static int hf_dhcp_option_length = -1;
static int hf_dhcp_option_value = -1;
static int hf_dhcp_option_padding = -1;
static int hf_dhcp_option_end = -1;
static int hf_dhcp_option_subnet_mask = -1;
static int hf_dhcp_option_router = -1;
static int hf_dhcp_option_domain_name_server = -1;
static int hf_dhcp_option_hostname = -1;
static int hf_dhcp_option_domain_name = -1;
static int hf_dhcp_option_broadcast_address = -1;
static int hf_dhcp_option_requested_ip_address = -1;
static int hf_dhcp_option_ip_address_lease_time = -1;
static int hf_dhcp_option_dhcp = -1;
static int hf_dhcp_option_dhcp_server_id = -1;
static int hf_dhcp_option_request_list_item = -1;
static int hf_dhcp_option_dhcp_max_message_size = -1;
static int hf_dhcp_option_renewal_time_value = -1;
static int hf_dhcp_option_rebinding_time_value = -1;
static int hf_dhcp_option_vendor_class_id = -1;

static const TrawlValueName dhcp_type_vals[] = {
  { 1, "Boot Request" },
  { 2, "Boot Reply" },
  { 0, NULL }
};

static const TrawlValueName dhcp_hw_type_vals[] = {
  { 1, "Ethernet" },
  { 6, "IEEE 802 Networks" },
  { 0, NULL }
};

static const TrawlValueName dhcp_msg_type_vals[] = {
  { 1, "Discover" },
  { 2, "Offer" },
  { 3, "Request" },
  { 4, "Decline" },
  { 5, "ACK" },
  { 6, "NAK" },
  { 7, "Release" },
  { 8, "Inform" },
  { 9, "Force Renew" },
  { 10, "Lease query" },
  { 11, "Lease Unassigned" },
  { 12, "Lease Unknown" },
  { 13, "Lease Active" },
  { 14, "Bulk Lease Query" },
  { 15, "Lease Query Done" },
  { 16, "Active LeaseQuery" },
  { 17, "Lease Query Status" },
  { 18, "TLS" },
  { 0, NULL }
};

/* Names of the options seen in practice, as Wireshark writes them. */
static const TrawlValueName dhcp_option_names[] = {
  { 0, "Padding" },
  { 1, "Subnet Mask" },
  { 2, "Time Offset" },
  { 3, "Router" },
  { 4, "Time Server" },
  { 5, "Name Server" },
  { 6, "Domain Name Server" },
  { 7, "Log Server" },
  { 12, "Host Name" },
  { 15, "Domain Name" },
  { 26, "Interface MTU" },
  { 28, "Broadcast Address" },
  { 42, "Network Time Protocol Servers" },
  { 43, "Vendor-Specific Information" },
  { 50, "Requested IP Address" },
  { 51, "IP Address Lease Time" },
  { 52, "Option Overload" },
  { 53, "DHCP Message Type" },
  { 54, "DHCP Server Identifier" },
  { 55, "Parameter Request List" },
  { 56, "Message" },
  { 57, "Maximum DHCP Message Size" },
  { 58, "Renewal Time Value" },
  { 59, "Rebinding Time Value" },
  { 60, "Vendor class identifier" },
  { 61, "Client identifier" },
  { 66, "TFTP Server Name" },
  { 67, "Bootfile name" },
  { 81, "Client Fully Qualified Domain Name" },
  { 119, "Domain Search" },
  { 121, "Classless Static Route" },
  { 255, "End" },
  { 0, NULL }
};

static const TrawlTrueFalse tfs_bc = { N_("Broadcast"), N_("Unicast") };

static const TrawlFieldDef fields[] = {
  { &hf_dhcp_type, "dhcp.type", N_("Message type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, dhcp_type_vals },
  { &hf_dhcp_hw_type, "dhcp.hw.type", N_("Hardware type"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, dhcp_hw_type_vals },
  { &hf_dhcp_hw_len, "dhcp.hw.len", N_("Hardware address length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_dhcp_hops, "dhcp.hops", N_("Hops"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_dhcp_id, "dhcp.id", N_("Transaction ID"), TRAWL_FT_UINT32, TRAWL_BASE_HEX },
  { &hf_dhcp_secs, "dhcp.secs", N_("Seconds elapsed"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_dhcp_flags, "dhcp.flags", N_("Bootp flags"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_dhcp_flags_bc, "dhcp.flags.bc", N_("Broadcast flag"), TRAWL_FT_BOOLEAN, 16, NULL, 0x8000, NULL, NULL, &tfs_bc },
  { &hf_dhcp_flags_reserved, "dhcp.flags.reserved", N_("Reserved flags"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, NULL, 0x7fff },
  { &hf_dhcp_ip_client, "dhcp.ip.client", N_("Client IP address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_dhcp_ip_your, "dhcp.ip.your", N_("Your (client) IP address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_dhcp_ip_server, "dhcp.ip.server", N_("Next server IP address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_dhcp_ip_relay, "dhcp.ip.relay", N_("Relay agent IP address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_dhcp_hw_mac_addr, "dhcp.hw.mac_addr", N_("Client MAC address"), TRAWL_FT_ETHER, TRAWL_BASE_NONE },
  { &hf_dhcp_hw_addr_padding, "dhcp.hw.addr_padding", N_("Client hardware address padding"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_dhcp_hw_addr, "dhcp.hw.addr", N_("Client hardware address"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_dhcp_server, "dhcp.server", N_("Server host name"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dhcp_file, "dhcp.file", N_("Boot file name"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_dhcp_cookie, "dhcp.cookie", N_("Magic cookie"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_dhcp_option_type, "dhcp.option.type", N_("Option"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("DHCP/BOOTP option type") },
  { &hf_dhcp_option_length, "dhcp.option.length", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("DHCP/BOOTP option length") },
  { &hf_dhcp_option_value, "dhcp.option.value", N_("Value"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("DHCP/BOOTP option value") },
  { &hf_dhcp_option_padding, "dhcp.option.padding", N_("Padding"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Option 0: Padding") },
  { &hf_dhcp_option_end, "dhcp.option.end", N_("Option End"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Option 255: End") },
  { &hf_dhcp_option_subnet_mask, "dhcp.option.subnet_mask", N_("Subnet Mask"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Option 1: Subnet Mask") },
  { &hf_dhcp_option_router, "dhcp.option.router", N_("Router"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Option 3: Router") },
  { &hf_dhcp_option_domain_name_server, "dhcp.option.domain_name_server", N_("Domain Name Server"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Option 6: Domain Name Server") },
  { &hf_dhcp_option_hostname, "dhcp.option.hostname", N_("Host Name"), TRAWL_FT_STRINGZ, TRAWL_BASE_NONE, NULL, 0, N_("Option 12: Host Name") },
  { &hf_dhcp_option_domain_name, "dhcp.option.domain_name", N_("Domain Name"), TRAWL_FT_STRINGZ, TRAWL_BASE_NONE, NULL, 0, N_("Option 15: Domain Name") },
  { &hf_dhcp_option_broadcast_address, "dhcp.option.broadcast_address", N_("Broadcast Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Option 28: Broadcast Address") },
  { &hf_dhcp_option_requested_ip_address, "dhcp.option.requested_ip_address", N_("Requested IP Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Option 50: Requested IP Address") },
  { &hf_dhcp_option_ip_address_lease_time, "dhcp.option.ip_address_lease_time", N_("IP Address Lease Time"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("Option 51: IP Address Lease Time") },
  { &hf_dhcp_option_dhcp, "dhcp.option.dhcp", N_("DHCP"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, dhcp_msg_type_vals, 0, N_("Option 53: DHCP option") },
  { &hf_dhcp_option_dhcp_server_id, "dhcp.option.dhcp_server_id", N_("DHCP Server Identifier"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Option 54: DHCP Server Identifier") },
  { &hf_dhcp_option_request_list_item, "dhcp.option.request_list_item", N_("Parameter Request List Item"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Option 55: Parameter Request List Item") },
  { &hf_dhcp_option_dhcp_max_message_size, "dhcp.option.dhcp_max_message_size", N_("Maximum DHCP Message Size"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Option 57: Maximum DHCP Message Size") },
  { &hf_dhcp_option_renewal_time_value, "dhcp.option.renewal_time_value", N_("Renewal Time Value"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("Option 58: Renewal Time Value") },
  { &hf_dhcp_option_rebinding_time_value, "dhcp.option.rebinding_time_value", N_("Rebinding Time Value"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("Option 59: Rebinding Time Value") },
  { &hf_dhcp_option_vendor_class_id, "dhcp.option.vendor_class_id", N_("Vendor class identifier"), TRAWL_FT_STRINGZ, TRAWL_BASE_NONE, NULL, 0, N_("Option 60: Vendor class identifier") },
};

static const char *
option_name (guint8 code)
{
  const char *s = trawl_value_name_lookup (dhcp_option_names, code);

  return s ? s : "Unknown";
}

/* Wireshark's signed_time_secs_to_str() for lease times: "1 hour". */
static const char *
secs_text (TrawlPacket *pkt,
           guint32      secs)
{
  g_autoptr(GString) text = NULL;

  if (secs == G_MAXUINT32)
    return "infinity";
  text = g_string_new (NULL);
  trawl_format_secs (secs, text);
  return trawl_arena_strndup (pkt->arena, text->str, text->len);
}

/* The option's own fields under @opt; returns the text Wireshark adds
 * to the option's line (" (Request)", " (10.0.0.1)") or "". */
static const char *
dissect_option_value (TrawlPacket *pkt,
                      TrawlNode   *opt,
                      TrawlCursor *cur,
                      guint8       code,
                      guint32      off,
                      guint8       len)
{
  int hf_ip = -1, hf_time = -1, hf_str = -1;
  gboolean single_ip = FALSE;
  TrawlNode *n;

  switch (code)
    {
    case 1: hf_ip = hf_dhcp_option_subnet_mask; single_ip = TRUE; break;
    case 28: hf_ip = hf_dhcp_option_broadcast_address; single_ip = TRUE; break;
    case 50: hf_ip = hf_dhcp_option_requested_ip_address; single_ip = TRUE; break;
    case 54: hf_ip = hf_dhcp_option_dhcp_server_id; single_ip = TRUE; break;
    case 3: hf_ip = hf_dhcp_option_router; break;
    case 6: hf_ip = hf_dhcp_option_domain_name_server; break;
    case 51: hf_time = hf_dhcp_option_ip_address_lease_time; break;
    case 58: hf_time = hf_dhcp_option_renewal_time_value; break;
    case 59: hf_time = hf_dhcp_option_rebinding_time_value; break;
    case 12: hf_str = hf_dhcp_option_hostname; break;
    case 15: hf_str = hf_dhcp_option_domain_name; break;
    case 60: hf_str = hf_dhcp_option_vendor_class_id; break;
    default: break;
    }

  if (hf_ip >= 0)
    {
      /* a list of addresses: each takes 4 bytes of the option */
      for (guint32 i = 0; i + 4 <= len; i += 4)
        trawl_tree_add_item (pkt, opt, hf_ip, cur, off + i, 4, TRAWL_ENC_BE);
      if (single_ip && len == 4 && pkt->want_tree)
        {
          guint32 a = trawl_cursor_get_u32 (cur, off);
          return trawl_arena_printf (pkt->arena, " (%u.%u.%u.%u)",
                                     a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
        }
      return "";
    }
  if (hf_time >= 0 && len == 4)
    {
      guint32 v = trawl_cursor_get_u32 (cur, off);
      n = trawl_tree_add_item (pkt, opt, hf_time, cur, off, 4, TRAWL_ENC_BE);
      if (n)
        trawl_node_set_text (pkt, n, "%s: (%us) %s", n->field->name, v, secs_text (pkt, v));
      return "";
    }
  if (hf_str >= 0)
    {
      trawl_tree_add_item (pkt, opt, hf_str, cur, off, len, TRAWL_ENC_BE);
      return "";
    }

  switch (code)
    {
    case 53:
      if (len == 1)
        {
          const char *s = trawl_value_name_lookup (dhcp_msg_type_vals, trawl_cursor_get_u8 (cur, off));
          trawl_tree_add_item (pkt, opt, hf_dhcp_option_dhcp, cur, off, 1, TRAWL_ENC_BE);
          return trawl_arena_printf (pkt->arena, " (%s)", s ? s : "Unknown");
        }
      break;
    case 55:
      for (guint32 i = 0; i < len; i++)
        {
          guint8 item = trawl_cursor_get_u8 (cur, off + i);
          n = trawl_tree_add_item (pkt, opt, hf_dhcp_option_request_list_item, cur, off + i, 1, TRAWL_ENC_BE);
          trawl_node_set_text (pkt, n, "Parameter Request List Item: (%u) %s", item, option_name (item));
        }
      break;
    case 57:
      if (len == 2)
        trawl_tree_add_item (pkt, opt, hf_dhcp_option_dhcp_max_message_size, cur, off, 2, TRAWL_ENC_BE);
      break;
    case 61:
      /* hardware type then address: Wireshark reuses the header's fields */
      if (len == 7 && trawl_cursor_get_u8 (cur, off) == 1)
        {
          trawl_tree_add_item (pkt, opt, hf_dhcp_hw_type, cur, off, 1, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, opt, hf_dhcp_hw_mac_addr, cur, off + 1, 6, TRAWL_ENC_BE);
        }
      break;
    default:
      break;
    }
  return "";
}

/* Options from @off to the end of @cur; FALSE when one runs past it. */
static gboolean
dissect_options (TrawlPacket *pkt,
                 TrawlNode   *top,
                 TrawlCursor *cur,
                 guint32      off,
                 guint8      *msg_type)
{
  guint32 end = trawl_cursor_len (cur);

  /* Every pass consumes at least one byte. */
  while (off < end)
    {
      guint8 code = trawl_cursor_get_u8 (cur, off);
      guint8 len;
      TrawlNode *opt;
      const char *tail;

      if (code == 255)
        {
          opt = trawl_tree_add_uint (pkt, top, hf_dhcp_option_type, cur, off, 1, 0);
          trawl_node_set_text (pkt, opt, "Option: (255) End");
          trawl_tree_add_item (pkt, opt, hf_dhcp_option_end, cur, off, 1, TRAWL_ENC_BE);
          off++;
          if (off < end)
            trawl_tree_add_item (pkt, top, hf_dhcp_option_padding, cur, off, end - off, TRAWL_ENC_BE);
          return TRUE;
        }
      if (code == 0)
        {
          /* a run of Pad options before End */
          guint32 start = off;
          while (off < end && trawl_cursor_get_u8 (cur, off) == 0)
            off++;
          trawl_tree_add_item (pkt, top, hf_dhcp_option_padding, cur, start, off - start, TRAWL_ENC_BE);
          continue;
        }
      if (!trawl_cursor_has (cur, off, 2))
        return FALSE;
      len = trawl_cursor_get_u8 (cur, off + 1);
      opt = trawl_tree_add_uint (pkt, top, hf_dhcp_option_type, cur, off, 2 + (guint32) len, code);
      trawl_tree_add_item (pkt, opt, hf_dhcp_option_length, cur, off + 1, 1, TRAWL_ENC_BE);
      if (!trawl_cursor_has (cur, off + 2, len))
        return FALSE;
      /* hidden in Wireshark's tree, there for filters and -T fields */
      if (len > 0)
        trawl_node_set_flags (trawl_tree_add_item (pkt, opt, hf_dhcp_option_value, cur, off + 2, len, TRAWL_ENC_BE),
                              TRAWL_NODE_HIDDEN);
      if (code == 53 && len == 1)
        *msg_type = trawl_cursor_get_u8 (cur, off + 2);
      tail = dissect_option_value (pkt, opt, cur, code, off + 2, len);
      trawl_node_set_text (pkt, opt, "Option: (%u) %s%s", code, option_name (code), tail);
      off += 2 + (guint32) len;
    }
  /* no End option: Wireshark does not complain either */
  return TRUE;
}

/* sname and file: NUL-padded text fields of fixed size */
static void
add_name_field (TrawlPacket *pkt,
                TrawlNode   *top,
                int          hf,
                TrawlCursor *cur,
                guint32      off,
                guint32      len,
                const char  *not_given)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, len);
  const guint8 *z;
  TrawlNode *n;

  if (p == NULL)
    return;
  z = memchr (p, 0, len);
  n = trawl_tree_add_string (pkt, top, hf, cur, off, len, (const char *) p, z ? z - p : (gssize) len);
  if (p[0] == 0)
    trawl_node_set_text (pkt, n, "%s", not_given);
}

static gboolean
dissect_dhcp (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  guint32 len = trawl_cursor_len (cur);
  guint8 op, hwtype, hwlen, msg_type = 0;
  guint32 xid;
  guint16 flags;
  TrawlNode *top, *n;

  if (len == 0)
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_DHCP))
    return TRUE;
  top = trawl_tree_add_protocol (pkt, parent, proto_dhcp, cur, 0, len);
  trawl_col_set_protocol (pkt, "DHCP");
  if (!trawl_cursor_has (cur, 0, BOOTP_HDRLEN))
    {
      trawl_tree_mark_malformed (pkt, top, "DHCP");
      trawl_col_set_info (pkt, "[Malformed Packet]");
      return TRUE;
    }

  op = trawl_cursor_get_u8 (cur, 0);
  hwtype = trawl_cursor_get_u8 (cur, 1);
  hwlen = trawl_cursor_get_u8 (cur, 2);
  xid = trawl_cursor_get_u32 (cur, 4);
  flags = trawl_cursor_get_u16 (cur, 10);

  if (pkt->want_tree)
    {
      trawl_tree_add_item (pkt, top, hf_dhcp_type, cur, 0, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_hw_type, cur, 1, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_hw_len, cur, 2, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_hops, cur, 3, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_id, cur, 4, 4, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_secs, cur, 8, 2, TRAWL_ENC_BE);
      n = trawl_tree_add_item (pkt, top, hf_dhcp_flags, cur, 10, 2, TRAWL_ENC_BE);
      trawl_node_append_text (pkt, n, " (%s)", (flags & 0x8000) ? "Broadcast" : "Unicast");
      trawl_tree_add_item (pkt, n, hf_dhcp_flags_bc, cur, 10, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_dhcp_flags_reserved, cur, 10, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_ip_client, cur, 12, 4, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_ip_your, cur, 16, 4, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_ip_server, cur, 20, 4, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_dhcp_ip_relay, cur, 24, 4, TRAWL_ENC_BE);
      if (hwtype == 1 && hwlen == 6)
        {
          trawl_tree_add_item (pkt, top, hf_dhcp_hw_mac_addr, cur, 28, 6, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, top, hf_dhcp_hw_addr_padding, cur, 34, 10, TRAWL_ENC_BE);
        }
      else
        trawl_tree_add_item (pkt, top, hf_dhcp_hw_addr, cur, 28, 16, TRAWL_ENC_BE);
      add_name_field (pkt, top, hf_dhcp_server, cur, 44, 64, "Server host name not given");
      add_name_field (pkt, top, hf_dhcp_file, cur, 108, 128, "Boot file name not given");
    }

  if (trawl_cursor_has (cur, BOOTP_HDRLEN, 4) &&
      trawl_cursor_get_u32 (cur, BOOTP_HDRLEN) == DHCP_COOKIE)
    {
      n = trawl_tree_add_item (pkt, top, hf_dhcp_cookie, cur, BOOTP_HDRLEN, 4, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "Magic cookie: DHCP");
      if (!dissect_options (pkt, top, cur, BOOTP_HDRLEN + 4, &msg_type))
        {
          trawl_tree_mark_malformed (pkt, top, "DHCP");
          trawl_col_append_info (pkt, "[Malformed Packet]");
          return TRUE;
        }
    }

  if (msg_type != 0)
    {
      const char *s = trawl_value_name_lookup (dhcp_msg_type_vals, msg_type);
      if (s == NULL)
        s = "Unknown";
      trawl_node_append_text (pkt, top, " (%s)", s);
      /* Wireshark pads the type to 8 columns: "DHCP Offer    - ..." */
      trawl_col_set_info (pkt, "DHCP %-8s - Transaction ID 0x%x", s, xid);
    }
  else
    {
      const char *s = trawl_value_name_lookup (dhcp_type_vals, op);
      trawl_col_set_info (pkt, "%s", s ? s : "Unknown");
    }
  return TRUE;
}

void
trawl_register_dhcp (void)
{
  proto_dhcp = trawl_proto_register ("dhcp", N_("Dynamic Host Configuration Protocol"), "DHCP");
  trawl_field_register (proto_dhcp, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_UDP_PORT, 67, dissect_dhcp);
  trawl_dissector_table_add (TRAWL_TABLE_UDP_PORT, 68, dissect_dhcp);
}
