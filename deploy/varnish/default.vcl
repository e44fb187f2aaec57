# Varnish 7 in front of the site (Debian's varnish, vmod_xkey from varnish-modules).
#
# A template: deploy/varnish/start fills in the @NAMES@ and runs varnishd on loopback.
# What it does:
# - caches what the application marks public, for its s-maxage (or max-age) only;
#   never a response that sets a cookie or says private, no-store or no-cache;
# - keeps only the CSRF cookie of anonymous GETs (a form page must not hand out a new
#   token that breaks the form open in another tab), yet gives every reader the one copy
#   of a public page; passes sessions, the admin, previews and every method but GET and
#   HEAD straight to the application;
# - drops pages by tag on `PURGE` with an `xkey-purge: tag1 tag2` header, from loopback
#   and the addresses configured (VARNISH_PURGERS) only;
# - serves old copies (grace) only while the application's /healthz fails;
# - removes the tag headers (xkey, Surrogate-Key, Cache-Tag) before responses leave.
vcl 4.1;

import std;
import xkey;

backend app {
    .host = "@BACKEND_HOST@";
    .port = "@BACKEND_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
    .probe = {
        # The Host must be one of the application's ALLOWED_HOSTS.
        .request = "GET /healthz HTTP/1.1"
            "Host: @PROBE_HOST@"
            "User-Agent: varnish-health-probe"
            "Connection: close";
        .interval = @PROBE_INTERVAL@;
        # Sick only when four probes of the last five failed: two sync workers busy with
        # slow misses answer a probe late, and calling them sick then would turn every
        # uncached page into a 503 (measured by make bench-launch with 2 s and 2 of 3).
        .timeout = 5s;
        .window = 5;
        .threshold = 2;
        .initial = 2;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
@PURGERS@
}

sub vcl_recv {
    # Diagnostics come from here only.
    unset req.http.X-Cache-Front;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purge not allowed from this address"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "A purge names its tags in an xkey-purge header"));
        }
        # A hard purge: a purged page is gone, never served stale even in grace.
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors and staff (a session), the admin and preview links: always the application.
    if (req.http.Cookie ~ "(^|;\s*)@SESSION_COOKIE@=" ||
        req.url ~ "^/admin(/|$|\?)" ||
        req.url ~ "^/preview/") {
        return (pass);
    }
    # Anonymous readers: nothing personal reaches a cached page, but the CSRF cookie goes
    # on to the application. Without it, each form page would set a new token, and a form
    # opened earlier (another tab, the back button) would fail its CSRF check. A page that
    # uses the token always sets the cookie again, so it is never stored (below); public
    # pages do not depend on it, and every reader gets the same copy (see Vary below).
    if (req.http.Cookie ~ "(^|;\s*)@CSRF_COOKIE@=") {
        # The last one, as Django reads a repeated cookie.
        set req.http.Cookie = regsub(req.http.Cookie, "^(.*;\s*)?(@CSRF_COOKIE@=[^;]*).*$", "\2");
    } else {
        unset req.http.Cookie;
    }
    unset req.http.Authorization;

    # Grace only while the application is sick: a healthy one is always asked.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    # The scheme is part of a page (its canonical link), as in the application's own key;
    # Varnish's built-in hash then adds the URL and the host, never a cookie.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.X-Cache-Front = "stale";
    } else {
        set req.http.X-Cache-Front = "hit";
    }
}

sub vcl_miss {
    set req.http.X-Cache-Front = "miss";
}

sub vcl_pass {
    set req.http.X-Cache-Front = "pass";
}

sub vcl_backend_response {
    # Kept this long past their TTL for outages; vcl_recv allows it only while sick.
    set beresp.grace = @GRACE@;
    set beresp.keep = 0s;
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" ||
        beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age)=[1-9]" ||
        beresp.http.Vary == "*") {
        # Not cacheable; remember that briefly so requests for it are not queued
        # behind each other (a later cacheable answer replaces the mark).
        set beresp.ttl = 10s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Varnish has set the TTL from s-maxage, else max-age, as the application asked.
    # Public pages say `Vary: Cookie` so that browsers fetch them again once the reader
    # logs in. Here, where every cookie but the CSRF one is gone and a session never
    # reaches the cache, it would only keep one copy per CSRF token: Varnish matches
    # without it, and readers still get the application's Vary (vcl_deliver).
    if (beresp.http.Vary ~ "(?i)(^|,)\s*cookie\s*(,|$)") {
        set beresp.http.X-Application-Vary = beresp.http.Vary;
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    return (deliver);
}

sub vcl_deliver {
    if (resp.http.X-Application-Vary) {
        set resp.http.Vary = resp.http.X-Application-Vary;
        unset resp.http.X-Application-Vary;
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    set resp.http.X-Cache-Front = req.http.X-Cache-Front;
    if (!resp.http.X-Cache-Front) {
        set resp.http.X-Cache-Front = "synth";
    }
}
