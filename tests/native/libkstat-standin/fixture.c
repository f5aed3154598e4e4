/*
 * fixture.c: reads `kstat -p` captures (and the chain headers format) into the kernel images of one frame.
 * The format and every rule applied here are documented in README.md ("Fixture format").
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NAMED_SIZE sizeof(kstat_named_t)
#define TYPE_STRING_NULL 99 /* "#! type ... NULL": a STRING statistic whose pointer is NULL */

typedef struct pstat {
	char *name;
	char *value;
	const char *file;
	int line;
} pstat_t;

/* "named data types as captured" header of one file: type N -> its statistic names, space-separated. */
typedef struct captured_list {
	int type;
	char *words;
} captured_list_t;

typedef struct captured {
	captured_list_t *lists;
	size_t n, cap;
} captured_t;

typedef struct pks {
	char module[KSTAT_STRLEN];
	char name[KSTAT_STRLEN];
	int instance;
	char class_name[KSTAT_STRLEN];
	int has_class;
	hrtime_t crtime, snaptime;
	int has_crtime, has_snaptime;
	int header_type; /* from a chain header line, or -1 */
	pstat_t *stats;
	size_t nstats, cap;
	const captured_t *captured;
	const char *file;
	int line;
} pks_t;

typedef struct type_directive {
	char *module, *instance, *name, *stat;
	int type;
	size_t matched;
	const char *file;
	int line;
} type_directive_t;

typedef struct kstat_directive {
	char *module, *instance, *name;
	int kind;
	int has_flags;
	unsigned flags;
	const layout_t *layout;
	size_t size;
	size_t matched;
	const char *file;
	int line;
} kstat_directive_t;

typedef struct loader {
	pks_t *ks;
	size_t n, cap, last;
	type_directive_t *types;
	size_t ntypes, captypes;
	kstat_directive_t *kds;
	size_t nkds, capkds;
	char **multi;
	size_t nmulti, capmulti;
	captured_t **captureds;
	size_t ncaptureds, capcaptureds;
	hrtime_t default_snaptime;
	int has_default_snaptime;
	/* parse position */
	const char *file;
	int line;
	int in_captured;
	captured_t *file_captured;
	char *err;
	size_t errlen;
} loader_t;

static int fail(loader_t *L, const char *file, int line, int err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(loader_t *L, const char *file, int line, int err, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (file != NULL)
		n = snprintf(L->err, L->errlen, line > 0 ? "%s:%d: " : "%s: ", file, line);
	if (n < 0 || (size_t)n >= L->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(L->err + n, L->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

#define FAIL(...) fail(L, L->file, L->line, EINVAL, __VA_ARGS__)

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*arr, ncap * elem);
	if (p == NULL)
		return -1;
	memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
	*arr = p;
	*cap = ncap;
	return 0;
}

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* ---- value parsing ---------------------------------------------------------------------------------- */

static size_t trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return n;
}

/* Unsigned decimal, digits only (trailing whitespace allowed). */
static int parse_u64(const char *s, uint64_t *out)
{
	size_t n = trimmed_len(s);
	uint64_t v = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d;

		if (!isdigit((unsigned char)s[i]))
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int parse_i64(const char *s, int64_t *out)
{
	uint64_t mag;

	if (*s == '-') {
		if (parse_u64(s + 1, &mag) != 0 || mag > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
		return 0;
	}
	if (parse_u64(s, &mag) != 0 || mag > (uint64_t)INT64_MAX)
		return -1;
	*out = (int64_t)mag;
	return 0;
}

/* Seconds as kstat(1) prints hrtimes ("%.9f", locale decimal point or comma; "0") -> nanoseconds. */
static int parse_seconds(const char *s, hrtime_t *out)
{
	size_t n = trimmed_len(s), i = 0;
	int neg = 0;
	uint64_t sec = 0, frac = 0;
	int fdigits = 0;

	if (i < n && s[i] == '-') {
		neg = 1;
		i++;
	}
	if (i >= n || !isdigit((unsigned char)s[i]))
		return -1;
	for (; i < n && isdigit((unsigned char)s[i]); i++) {
		if (sec > (UINT64_MAX - 9) / 10)
			return -1;
		sec = sec * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		if (i >= n)
			return -1;
		for (; i < n && isdigit((unsigned char)s[i]); i++) {
			if (fdigits < 9) {
				frac = frac * 10 + (uint64_t)(s[i] - '0');
				fdigits++;
			}
		}
	}
	if (i != n)
		return -1;
	for (; fdigits < 9; fdigits++)
		frac *= 10;
	if (sec > (uint64_t)INT64_MAX / 1000000000u - 1)
		return -1;
	*out = (hrtime_t)(sec * 1000000000u + frac);
	if (neg)
		*out = -*out;
	return 0;
}

/*
 * An hrtime field of an IO or TIMER kstat. illumos kstat(1) (cmd/stat/kstat, SAVE_HRTIME) saves them as
 * KSTAT_DATA_UINT64 and prints integer nanoseconds ("%llu"); Solaris's Perl kstat(1) printed seconds with decimals.
 * A value with a decimal point (or comma) is seconds; an integer is nanoseconds, all 64 bits as "%llu" prints them.
 */
static int parse_hrtime_field(const char *s, hrtime_t *out)
{
	size_t n = trimmed_len(s);
	uint64_t u;

	if (memchr(s, '.', n) != NULL || memchr(s, ',', n) != NULL)
		return parse_seconds(s, out);
	if (parse_u64(s, &u) != 0)
		return -1;
	*out = (hrtime_t)u;
	return 0;
}

static int is_integer(const char *s)
{
	size_t n = trimmed_len(s), i = 0;

	if (n > 0 && s[0] == '-')
		i = 1;
	if (i >= n)
		return 0;
	for (; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int type_by_word(const char *w)
{
	static const struct {
		const char *word;
		int type;
	} words[] = {
		{ "CHAR", KSTAT_DATA_CHAR },       { "INT32", KSTAT_DATA_INT32 },
		{ "UINT32", KSTAT_DATA_UINT32 },   { "INT64", KSTAT_DATA_INT64 },
		{ "UINT64", KSTAT_DATA_UINT64 },   { "LONG", KSTAT_DATA_INT64 },
		{ "ULONG", KSTAT_DATA_UINT64 },    { "LONGLONG", KSTAT_DATA_INT64 },
		{ "ULONGLONG", KSTAT_DATA_UINT64 }, { "FLOAT", KSTAT_DATA_FLOAT },
		{ "DOUBLE", KSTAT_DATA_DOUBLE },   { "STRING", KSTAT_DATA_STRING },
		{ "NULL", TYPE_STRING_NULL },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].word, w) == 0)
			return words[i].type;
	if (w[0] >= '0' && w[0] <= '9' && w[1] == '\0') {
		int t = w[0] - '0';
		/* 7 and 8 are the kernel's LONG and ULONG, which a 64-bit reader sees as INT64 and UINT64. */
		return t == 7 ? KSTAT_DATA_INT64 : t == 8 ? KSTAT_DATA_UINT64 : t;
	}
	return -1;
}

static int kind_by_word(const char *w)
{
	static const char *const kinds[] = { "RAW", "NAMED", "INTR", "IO", "TIMER" };

	for (int i = 0; i < KSTAT_NUM_TYPES; i++)
		if (strcmp(kinds[i], w) == 0)
			return i;
	if (w[0] >= '0' && w[0] <= '4' && w[1] == '\0')
		return w[0] - '0';
	return -1;
}

static int flag_by_word(const char *w)
{
	static const struct {
		const char *word;
		int flag;
	} flags[] = {
		{ "VIRTUAL", KSTAT_FLAG_VIRTUAL },       { "VAR_SIZE", KSTAT_FLAG_VAR_SIZE },
		{ "WRITABLE", KSTAT_FLAG_WRITABLE },     { "PERSISTENT", KSTAT_FLAG_PERSISTENT },
		{ "DORMANT", KSTAT_FLAG_DORMANT },       { "LONGSTRINGS", KSTAT_FLAG_LONGSTRINGS },
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(flags[i].word, w) == 0)
			return flags[i].flag;
	return -1;
}

/* ---- kstats of the frame ---------------------------------------------------------------------------- */

static int copy_name(loader_t *L, char *dst, const char *src, size_t n, const char *what)
{
	if (n == 0)
		return FAIL("empty %s", what);
	if (n >= KSTAT_STRLEN)
		return FAIL("%s '%.*s' is longer than %d characters", what, (int)n, src, KSTAT_STRLEN - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

static int parse_instance(loader_t *L, const char *s, size_t n, int *out)
{
	char buf[24];
	int64_t v;

	if (n == 0 || n >= sizeof(buf))
		return FAIL("instance '%.*s' is not an integer", (int)n, s);
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_i64(buf, &v) != 0 || trimmed_len(buf) != n || v < INT_MIN || v > INT_MAX)
		return FAIL("instance '%s' is not an integer", buf);
	*out = (int)v;
	return 0;
}

static pks_t *get_ks(loader_t *L, const char *module, int instance, const char *name)
{
	pks_t *k;

	if (L->n > 0) {
		k = &L->ks[L->last];
		if (k->instance == instance && strcmp(k->module, module) == 0 && strcmp(k->name, name) == 0)
			return k;
	}
	for (size_t i = 0; i < L->n; i++) {
		k = &L->ks[i];
		if (k->instance == instance && strcmp(k->module, module) == 0 && strcmp(k->name, name) == 0) {
			L->last = i;
			return k;
		}
	}
	if (grow((void **)&L->ks, &L->cap, L->n + 1, sizeof(pks_t)) != 0) {
		fail(L, L->file, L->line, ENOMEM, "out of memory");
		return NULL;
	}
	k = &L->ks[L->n];
	memset(k, 0, sizeof(*k));
	strcpy(k->module, module);
	strcpy(k->name, name);
	k->instance = instance;
	k->header_type = -1;
	k->captured = L->file_captured;
	k->file = L->file;
	k->line = L->line;
	L->last = L->n++;
	return k;
}

static int add_stat(loader_t *L, pks_t *k, const char *name, size_t namelen, const char *value)
{
	pstat_t *st;

	if (grow((void **)&k->stats, &k->cap, k->nstats + 1, sizeof(pstat_t)) != 0)
		return fail(L, L->file, L->line, ENOMEM, "out of memory");
	st = &k->stats[k->nstats];
	st->name = dupn(name, namelen);
	st->value = dupn(value, strlen(value));
	if (st->name == NULL || st->value == NULL) {
		free(st->name);
		free(st->value);
		return fail(L, L->file, L->line, ENOMEM, "out of memory");
	}
	st->file = L->file;
	st->line = L->line;
	k->nstats++;
	return 0;
}

/* ---- line splitting --------------------------------------------------------------------------------- */

/* Splits "statistic<ws>value" (s points after the third colon). See README.md "Splitting a line". */
static void split_statistic(loader_t *L, const char *line, const char *s, size_t *statlen, const char **value)
{
	const char *tab = strchr(s, '\t');
	const char *first = NULL, *first_end = NULL, *aligned = NULL, *aligned_end = NULL;
	size_t n;

	if (tab != NULL) {
		const char *e = tab, *v = tab;

		while (e > s && e[-1] == ' ')
			e--;
		while (*v == '\t')
			v++;
		*statlen = (size_t)(e - s);
		*value = v;
		return;
	}
	for (size_t pass = 0; pass < 2; pass++) {
		const char *const *names = pass == 0 ? known_multiword_statistics : (const char *const *)L->multi;
		size_t count = pass == 0 ? SIZE_MAX : L->nmulti;

		for (size_t i = 0; i < count && names[i] != NULL; i++) {
			n = strlen(names[i]);
			if (strncmp(s, names[i], n) == 0 && s[n] == ' ') {
				const char *v = s + n;

				while (*v == ' ')
					v++;
				*statlen = n;
				*value = v;
				return;
			}
		}
	}
	for (const char *p = s; *p != '\0'; p++) {
		const char *q;

		if (*p != ' ')
			continue;
		q = p;
		while (*q == ' ')
			q++;
		if (*q != '\0') {
			if (first == NULL) {
				first = p;
				first_end = q;
			}
			if (aligned == NULL && (size_t)(q - line) % 8 == 0) {
				aligned = p;
				aligned_end = q;
			}
		}
		p = q - 1;
	}
	if (aligned != NULL) {
		*statlen = (size_t)(aligned - s);
		*value = aligned_end;
	} else if (first != NULL) {
		*statlen = (size_t)(first - s);
		*value = first_end;
	} else {
		*statlen = trimmed_len(s);
		*value = s + strlen(s);
	}
}

static int header_attributes(loader_t *L, pks_t *k, const char *attrs)
{
	const char *p = attrs;

	while (*p != '\0') {
		const char *tok, *eq;
		size_t n;
		char buf[64];

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		tok = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - tok);
		eq = memchr(tok, '=', n);
		if (eq == NULL)
			return FAIL("expected class=, type= or crtime= in a chain header line, got '%.*s'", (int)n, tok);
		if ((size_t)(eq - tok) == 5 && strncmp(tok, "class", 5) == 0) {
			if (copy_name(L, k->class_name, eq + 1, (size_t)(tok + n - eq - 1), "class") != 0)
				return -1;
			k->has_class = 1;
			continue;
		}
		if ((size_t)(tok + n - eq - 1) >= sizeof(buf))
			return FAIL("value too long in '%.*s'", (int)n, tok);
		memcpy(buf, eq + 1, (size_t)(tok + n - eq - 1));
		buf[tok + n - eq - 1] = '\0';
		if ((size_t)(eq - tok) == 4 && strncmp(tok, "type", 4) == 0) {
			k->header_type = kind_by_word(buf);
			if (k->header_type < 0)
				return FAIL("type=%s is not a kstat type (0-4)", buf);
		} else if ((size_t)(eq - tok) == 6 && strncmp(tok, "crtime", 6) == 0) {
			if (parse_seconds(buf, &k->crtime) != 0)
				return FAIL("crtime=%s is not a time in seconds", buf);
			k->has_crtime = 1;
		} else {
			return FAIL("unknown attribute '%.*s' in a chain header line", (int)n, tok);
		}
	}
	return 0;
}

static int data_line(loader_t *L, char *line)
{
	const char *c1, *c2, *rest, *tab, *c3, *statistic, *value;
	char module[KSTAT_STRLEN], name[KSTAT_STRLEN];
	int instance = 0;
	size_t statlen;
	pks_t *k;

	c1 = strchr(line, ':');
	c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	if (c2 == NULL)
		return FAIL("expected module:instance:name:statistic<whitespace>value, got '%s'", line);
	if (copy_name(L, module, line, (size_t)(c1 - line), "module") != 0 ||
	    parse_instance(L, c1 + 1, (size_t)(c2 - c1 - 1), &instance) != 0)
		return -1;
	rest = c2 + 1;
	tab = strchr(rest, '\t');
	c3 = strchr(rest, ':');
	if (c3 == NULL || (tab != NULL && tab < c3)) {
		/* module:instance:name<TAB>class=.. type=.. crtime=.. (the chain headers format) */
		if (tab == NULL)
			return FAIL("expected module:instance:name:statistic<whitespace>value, got '%s'", line);
		if (copy_name(L, name, rest, (size_t)(tab - rest), "name") != 0)
			return -1;
		k = get_ks(L, module, instance, name);
		return k == NULL ? -1 : header_attributes(L, k, tab + 1);
	}
	if (copy_name(L, name, rest, (size_t)(c3 - rest), "name") != 0)
		return -1;
	k = get_ks(L, module, instance, name);
	if (k == NULL)
		return -1;
	statistic = c3 + 1;
	split_statistic(L, line, statistic, &statlen, &value);
	if (statlen == 5 && strncmp(statistic, "class", 5) == 0) {
		if (copy_name(L, k->class_name, value, trimmed_len(value), "class") != 0)
			return -1;
		k->has_class = 1;
		return 0;
	}
	if (statlen == 6 && strncmp(statistic, "crtime", 6) == 0) {
		if (parse_seconds(value, &k->crtime) != 0)
			return FAIL("crtime '%s' is not a time in seconds", value);
		k->has_crtime = 1;
		return 0;
	}
	if (statlen == 8 && strncmp(statistic, "snaptime", 8) == 0) {
		if (parse_seconds(value, &k->snaptime) != 0)
			return FAIL("snaptime '%s' is not a time in seconds", value);
		k->has_snaptime = 1;
		return 0;
	}
	if (statlen >= KSTAT_STRLEN)
		return FAIL("statistic '%.*s' is longer than %d characters", (int)statlen, statistic,
			    KSTAT_STRLEN - 1);
	return add_stat(L, k, statistic, statlen, value);
}

/* ---- comments and directives ------------------------------------------------------------------------ */

static int comment_line(loader_t *L, const char *line)
{
	const char *p = line;
	captured_t *c = L->file_captured;

	if (strstr(line, "named data types as captured") != NULL) {
		if (c == NULL) {
			c = calloc(1, sizeof(*c));
			if (c == NULL || grow((void **)&L->captureds, &L->capcaptureds, L->ncaptureds + 1,
					      sizeof(captured_t *)) != 0) {
				free(c);
				return fail(L, L->file, L->line, ENOMEM, "out of memory");
			}
			L->captureds[L->ncaptureds++] = c;
			L->file_captured = c;
		}
		L->in_captured = 1;
		return 0;
	}
	if (!L->in_captured)
		return 0;
	while (*p == '#' || isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "type ", 5) == 0 && isdigit((unsigned char)p[5])) {
		char *end;
		long t = strtol(p + 5, &end, 10);

		if (*end == ':') {
			char digit[2] = { (char)('0' + (t >= 0 && t <= 9 ? t : 0)), '\0' };
			int type = type_by_word(digit);
			captured_list_t *cl;

			if (t < 0 || t > 9 || type < 0)
				return FAIL("'type %ld:' is not a named data type", t);
			if (grow((void **)&c->lists, &c->cap, c->n + 1, sizeof(captured_list_t)) != 0)
				return fail(L, L->file, L->line, ENOMEM, "out of memory");
			cl = &c->lists[c->n++];
			cl->type = type;
			cl->words = dupn(end + 1, strlen(end + 1));
			return cl->words == NULL ? fail(L, L->file, L->line, ENOMEM, "out of memory") : 0;
		}
	}
	/* continuation lines are indented ("#     name name"); any other comment ends the block */
	if (strncmp(line, "#   ", 4) != 0) {
		L->in_captured = 0;
		return 0;
	}
	if (c->n > 0 && *p != '\0') {
		captured_list_t *cl = &c->lists[c->n - 1];
		size_t a = strlen(cl->words), b = strlen(p);
		char *w = realloc(cl->words, a + 1 + b + 1);

		if (w == NULL)
			return fail(L, L->file, L->line, ENOMEM, "out of memory");
		w[a] = ' ';
		memcpy(w + a + 1, p, b + 1);
		cl->words = w;
	}
	return 0;
}

/* Splits "module:instance:name[:statistic]" (parts may be globs) into malloc'd strings. */
static int split_key(loader_t *L, const char *key, size_t len, int with_stat, char **parts)
{
	const char *p = key, *end = key + len;
	int nparts = with_stat ? 4 : 3;

	for (int i = 0; i < nparts; i++) {
		const char *q = i == nparts - 1 ? end : memchr(p, ':', (size_t)(end - p));

		if (q == NULL)
			return FAIL("directive key '%.*s' is not module:instance:name%s", (int)len, key,
				    with_stat ? ":statistic" : "");
		parts[i] = dupn(p, (size_t)(q - p));
		if (parts[i] == NULL)
			return fail(L, L->file, L->line, ENOMEM, "out of memory");
		p = q + 1;
	}
	return 0;
}

static int directive_type(loader_t *L, const char *rest)
{
	size_t n = trimmed_len(rest), keyend;
	const char *word;
	char *parts[4] = { 0 };
	type_directive_t *td;
	int type;

	word = rest + n;
	while (word > rest && !isspace((unsigned char)word[-1]))
		word--;
	keyend = (size_t)(word - rest);
	while (keyend > 0 && isspace((unsigned char)rest[keyend - 1]))
		keyend--;
	if (keyend == 0)
		return FAIL("expected '#! type MODULE:INSTANCE:NAME:STATISTIC TYPE'");
	{
		char w[16];
		size_t wl = (size_t)(rest + n - word);

		if (wl >= sizeof(w))
			return FAIL("'%.*s' is not a named data type", (int)wl, word);
		memcpy(w, word, wl);
		w[wl] = '\0';
		type = type_by_word(w);
		if (type < 0 || type == 7 || type == 8)
			return FAIL("'%s' is not a named data type (CHAR INT32 UINT32 INT64 UINT64 STRING ...)", w);
	}
	if (split_key(L, rest, keyend, 1, parts) != 0) {
		for (int i = 0; i < 4; i++)
			free(parts[i]);
		return -1;
	}
	if (grow((void **)&L->types, &L->captypes, L->ntypes + 1, sizeof(type_directive_t)) != 0) {
		for (int i = 0; i < 4; i++)
			free(parts[i]);
		return fail(L, L->file, L->line, ENOMEM, "out of memory");
	}
	td = &L->types[L->ntypes++];
	td->module = parts[0];
	td->instance = parts[1];
	td->name = parts[2];
	td->stat = parts[3];
	td->type = type;
	td->matched = 0;
	td->file = L->file;
	td->line = L->line;
	return 0;
}

static int directive_kstat(loader_t *L, const char *rest)
{
	const char *p = rest, *kind_at = NULL;
	char tok[64];
	char *parts[3] = { 0 };
	kstat_directive_t kd;
	int kind = -1;

	memset(&kd, 0, sizeof(kd));
	/* The key may contain spaces (acpi_drv:0:battery warning): the kind is the first token after it. */
	while (*p != '\0') {
		const char *t;
		size_t n;

		while (isspace((unsigned char)*p))
			p++;
		t = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - t);
		if (n == 0 || t == rest)
			continue;
		if (n < sizeof(tok)) {
			memcpy(tok, t, n);
			tok[n] = '\0';
			if (kind_at == NULL && t != rest && (kind = kind_by_word(tok)) >= 0 && strchr(rest, ':') < t) {
				kind_at = t;
				break;
			}
		}
	}
	if (kind_at == NULL)
		return FAIL("expected '#! kstat MODULE:INSTANCE:NAME RAW|NAMED|INTR|IO|TIMER [options]'");
	{
		size_t keylen = (size_t)(kind_at - rest);

		while (keylen > 0 && isspace((unsigned char)rest[keylen - 1]))
			keylen--;
		if (split_key(L, rest, keylen, 0, parts) != 0)
			goto bad;
	}
	kd.kind = kind;
	kd.file = L->file;
	kd.line = L->line;
	while (*p != '\0') {
		const char *t;
		size_t n;
		int flag;

		while (isspace((unsigned char)*p))
			p++;
		t = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - t);
		if (n == 0)
			break;
		if (n >= sizeof(tok)) {
			FAIL("unknown option '%.*s'", (int)n, t);
			goto bad;
		}
		memcpy(tok, t, n);
		tok[n] = '\0';
		if ((flag = flag_by_word(tok)) >= 0) {
			kd.flags |= (unsigned)flag;
			kd.has_flags = 1;
		} else if (strcmp(tok, "INVALID") == 0) {
			FAIL("KSTAT_FLAG_INVALID would make every kstat_read retry forever (as libkstat does); "
			     "use kstat_standin_inject(\"ioctl_read\", EAGAIN, n) instead");
			goto bad;
		} else if (strncmp(tok, "flags=", 6) == 0) {
			char *end;
			unsigned long v = strtoul(tok + 6, &end, 0);

			if (*end != '\0' || end == tok + 6 || v > 0xff || (v & KSTAT_FLAG_INVALID)) {
				FAIL("'%s': flags must be a byte without INVALID (0x20)", tok);
				goto bad;
			}
			kd.flags |= (unsigned)v;
			kd.has_flags = 1;
		} else if (strncmp(tok, "struct=", 7) == 0) {
			kd.layout = layout_by_struct(tok + 7);
			if (kd.layout == NULL) {
				FAIL("'%s': known structs are sysinfo, vminfo, var, mntinfo, cpu_stat", tok);
				goto bad;
			}
		} else if (strncmp(tok, "size=", 5) == 0) {
			uint64_t v;

			if (parse_u64(tok + 5, &v) != 0 || v > (1u << 24)) {
				FAIL("'%s': size must be a byte count up to 16 MiB", tok);
				goto bad;
			}
			kd.size = (size_t)v;
		} else {
			FAIL("unknown option '%s' (flags: VIRTUAL VAR_SIZE WRITABLE PERSISTENT DORMANT LONGSTRINGS, "
			     "flags=0xNN, struct=NAME, size=N)", tok);
			goto bad;
		}
	}
	if ((kd.layout != NULL || kd.size > 0) && kind != KSTAT_TYPE_RAW) {
		FAIL("struct= and size= apply to RAW kstats only");
		goto bad;
	}
	if (grow((void **)&L->kds, &L->capkds, L->nkds + 1, sizeof(kstat_directive_t)) != 0) {
		fail(L, L->file, L->line, ENOMEM, "out of memory");
		goto bad;
	}
	kd.module = parts[0];
	kd.instance = parts[1];
	kd.name = parts[2];
	L->kds[L->nkds++] = kd;
	return 0;
bad:
	for (int i = 0; i < 3; i++)
		free(parts[i]);
	return -1;
}

static int directive_line(loader_t *L, const char *text)
{
	const char *p = text, *w;
	size_t n;

	while (isspace((unsigned char)*p))
		p++;
	w = p;
	while (*p != '\0' && !isspace((unsigned char)*p))
		p++;
	n = (size_t)(p - w);
	while (isspace((unsigned char)*p))
		p++;
	if (n == 4 && strncmp(w, "type", 4) == 0)
		return directive_type(L, p);
	if (n == 5 && strncmp(w, "kstat", 5) == 0)
		return directive_kstat(L, p);
	if (n == 9 && strncmp(w, "statistic", 9) == 0) {
		size_t len = trimmed_len(p);

		if (len == 0 || len >= KSTAT_STRLEN)
			return FAIL("expected '#! statistic NAME' (1 to %d characters)", KSTAT_STRLEN - 1);
		if (grow((void **)&L->multi, &L->capmulti, L->nmulti + 2, sizeof(char *)) != 0 ||
		    (L->multi[L->nmulti] = dupn(p, len)) == NULL)
			return fail(L, L->file, L->line, ENOMEM, "out of memory");
		L->multi[++L->nmulti] = NULL;
		return 0;
	}
	if (n == 8 && strncmp(w, "snaptime", 8) == 0) {
		if (parse_seconds(p, &L->default_snaptime) != 0)
			return FAIL("expected '#! snaptime SECONDS'");
		L->has_default_snaptime = 1;
		return 0;
	}
	return FAIL("unknown directive '#! %.*s' (type, kstat, statistic, snaptime)", (int)n, w);
}

static int parse_line(loader_t *L, char *line)
{
	size_t n = strlen(line);
	const char *p;

	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	for (p = line; isspace((unsigned char)*p); p++)
		;
	if (*p == '\0')
		return 0;
	if (line[0] == '#') {
		if (line[1] == '!')
			return directive_line(L, line + 2);
		return comment_line(L, line);
	}
	L->in_captured = 0;
	return data_line(L, line);
}

static int load_file(loader_t *L, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *line;
	size_t len = 0, cap = 0, got;
	int rc = 0;

	L->file = path;
	L->line = 0;
	L->in_captured = 0;
	L->file_captured = NULL;
	if (f == NULL)
		return fail(L, path, 0, errno, "cannot open fixture: %s", strerror(errno));
	do {
		if (grow((void **)&buf, &cap, len + 65536 + 1, 1) != 0) {
			fclose(f);
			free(buf);
			return fail(L, path, 0, ENOMEM, "out of memory");
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		return fail(L, path, 0, e ? e : EIO, "read error");
	}
	fclose(f);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		return fail(L, path, 0, EINVAL, "the file contains a NUL byte: not a kstat -p capture");
	}
	line = buf;
	while (rc == 0 && *line != '\0') {
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		L->line++;
		rc = parse_line(L, line);
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	free(buf);
	return rc;
}

/* ---- building the kernel images --------------------------------------------------------------------- */

static int match_part(const char *pattern, const char *value)
{
	return fnmatch(pattern, value, 0) == 0;
}

static int match_kstat(const char *m, const char *i, const char *n, const pks_t *k)
{
	char inst[16];

	snprintf(inst, sizeof(inst), "%d", k->instance);
	return match_part(m, k->module) && match_part(i, inst) && match_part(n, k->name);
}

static const kstat_directive_t *kstat_directive_for(loader_t *L, const pks_t *k)
{
	const kstat_directive_t *found = NULL;

	for (size_t i = 0; i < L->nkds; i++)
		if (match_kstat(L->kds[i].module, L->kds[i].instance, L->kds[i].name, k)) {
			L->kds[i].matched++;
			found = &L->kds[i];
		}
	return found;
}

static int captured_type(const captured_t *c, const char *stat)
{
	size_t n = strlen(stat);

	if (c == NULL)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		const char *w = c->lists[i].words;

		if (n == 0) {
			if (trimmed_len(w) == 0 || strspn(w, " \t") == strlen(w))
				return c->lists[i].type;
			continue;
		}
		for (const char *p = strstr(w, stat); p != NULL; p = strstr(p + 1, stat)) {
			int starts = p == w || isspace((unsigned char)p[-1]);
			int ends = p[n] == '\0' || isspace((unsigned char)p[n]);

			if (starts && ends)
				return c->lists[i].type;
		}
	}
	return -1;
}

static int stat_type(loader_t *L, const pks_t *k, const pstat_t *st)
{
	int type = -1;
	uint64_t u;
	int64_t s;

	for (size_t i = 0; i < L->ntypes; i++) {
		type_directive_t *td = &L->types[i];

		if (match_kstat(td->module, td->instance, td->name, k) && match_part(td->stat, st->name)) {
			td->matched++;
			type = td->type;
		}
	}
	if (type < 0)
		type = captured_type(k->captured, st->name);
	if (type >= 0)
		return type;
	if (is_integer(st->value)) {
		if (st->value[0] == '-' && parse_i64(st->value, &s) == 0)
			return KSTAT_DATA_INT64;
		if (st->value[0] != '-' && parse_u64(st->value, &u) == 0)
			return KSTAT_DATA_UINT64;
	}
	return strlen(st->value) <= 15 ? KSTAT_DATA_CHAR : KSTAT_DATA_STRING;
}

static const char *type_name(int type)
{
	switch (type) {
	case KSTAT_DATA_CHAR: return "CHAR";
	case KSTAT_DATA_INT32: return "INT32";
	case KSTAT_DATA_UINT32: return "UINT32";
	case KSTAT_DATA_INT64: return "INT64";
	case KSTAT_DATA_UINT64: return "UINT64";
	case KSTAT_DATA_FLOAT: return "FLOAT";
	case KSTAT_DATA_DOUBLE: return "DOUBLE";
	case KSTAT_DATA_STRING: return "STRING";
	default: return "?";
	}
}

static int named_value(loader_t *L, const pstat_t *st, int type, kstat_named_t *kn)
{
	uint64_t u;
	int64_t s;
	size_t n;
	char *end;

	switch (type) {
	case KSTAT_DATA_CHAR:
		n = strlen(st->value);
		if (n > sizeof(kn->value.c))
			return fail(L, st->file, st->line, EINVAL, "CHAR value '%s' of %s is longer than 16 bytes",
				    st->value, st->name);
		memcpy(kn->value.c, st->value, n);
		return 0;
	case KSTAT_DATA_INT32:
		if (parse_i64(st->value, &s) == 0 && s >= INT32_MIN && s <= INT32_MAX) {
			kn->value.i32 = (int32_t)s;
			return 0;
		}
		break;
	case KSTAT_DATA_UINT32:
		if (parse_u64(st->value, &u) == 0 && u <= UINT32_MAX) {
			kn->value.ui32 = (uint32_t)u;
			return 0;
		}
		break;
	case KSTAT_DATA_INT64:
		if (parse_i64(st->value, &s) == 0) {
			kn->value.i64 = s;
			return 0;
		}
		break;
	case KSTAT_DATA_UINT64:
		if (parse_u64(st->value, &u) == 0) {
			kn->value.ui64 = u;
			return 0;
		}
		break;
	case KSTAT_DATA_FLOAT:
	case KSTAT_DATA_DOUBLE: {
		char *tmp = dupn(st->value, trimmed_len(st->value));
		double d;

		if (tmp == NULL)
			return fail(L, st->file, st->line, ENOMEM, "out of memory");
		errno = 0;
		d = strtod(tmp, &end);
		if (*tmp != '\0' && *end == '\0' && errno == 0) {
			free(tmp);
			if (type == KSTAT_DATA_FLOAT)
				kn->value.f = (float)d;
			else
				kn->value.d = d;
			return 0;
		}
		free(tmp);
		break;
	}
	default:
		break;
	}
	return fail(L, st->file, st->line, EINVAL, "value '%s' of %s is not a valid %s", st->value, st->name,
		    type_name(type));
}

static int build_named(loader_t *L, const pks_t *k, ks_image_t *img)
{
	int *types = calloc(k->nstats ? k->nstats : 1, sizeof(int));
	size_t strings = 0, off;

	if (types == NULL)
		return fail(L, k->file, k->line, ENOMEM, "out of memory");
	for (size_t i = 0; i < k->nstats; i++) {
		types[i] = stat_type(L, k, &k->stats[i]);
		if (types[i] == KSTAT_DATA_STRING)
			strings += strlen(k->stats[i].value) + 1;
	}
	img->ndata = (uint_t)k->nstats;
	img->data_size = k->nstats * NAMED_SIZE + strings;
	if (img->data_size > 0 && (img->data = sa_calloc(img->data_size, SA_KERNEL)) == NULL) {
		free(types);
		return fail(L, k->file, k->line, ENOMEM, "out of memory");
	}
	off = k->nstats * NAMED_SIZE;
	for (size_t i = 0; i < k->nstats; i++) {
		const pstat_t *st = &k->stats[i];
		kstat_named_t *kn = (kstat_named_t *)(void *)(img->data + i * NAMED_SIZE);
		size_t n = strlen(st->name);

		memcpy(kn->name, st->name, n);
		kn->data_type = (uchar_t)(types[i] == TYPE_STRING_NULL ? KSTAT_DATA_STRING : types[i]);
		if (types[i] == TYPE_STRING_NULL) {
			img->flags |= KSTAT_FLAG_LONGSTRINGS; /* str.addr.ptr NULL, str.len 0 */
		} else if (types[i] == KSTAT_DATA_STRING) {
			size_t len = strlen(st->value) + 1;

			if (len > UINT32_MAX) {
				free(types);
				return fail(L, st->file, st->line, EINVAL, "string too long");
			}
			memcpy(img->data + off, st->value, len);
			kn->value.str.addr.ptr = (char *)(uintptr_t)(off + 1);
			kn->value.str.len = (uint32_t)len;
			off += len;
			img->flags |= KSTAT_FLAG_LONGSTRINGS;
		} else if (named_value(L, st, types[i], kn) != 0) {
			free(types);
			return -1;
		}
	}
	free(types);
	return 0;
}

static int field_value(loader_t *L, const pstat_t *st, const field_t *f, unsigned char *base)
{
	unsigned char *dst = base + f->offset;
	uint64_t u;
	int64_t s;
	hrtime_t t;

	switch (f->kind) {
	case FK_U32:
		if (parse_u64(st->value, &u) == 0 && u <= UINT32_MAX) {
			uint32_t v = (uint32_t)u;
			memcpy(dst, &v, sizeof(v));
			return 0;
		}
		break;
	case FK_I32:
		if (parse_i64(st->value, &s) == 0 && s >= INT32_MIN && s <= INT32_MAX) {
			int32_t v = (int32_t)s;
			memcpy(dst, &v, sizeof(v));
			return 0;
		}
		break;
	case FK_U64:
		if (parse_u64(st->value, &u) == 0) {
			memcpy(dst, &u, sizeof(u));
			return 0;
		}
		break;
	case FK_I64:
		if (parse_i64(st->value, &s) == 0) {
			memcpy(dst, &s, sizeof(s));
			return 0;
		}
		break;
	case FK_HRTIME:
		if (parse_hrtime_field(st->value, &t) == 0) {
			memcpy(dst, &t, sizeof(t));
			return 0;
		}
		return fail(L, st->file, st->line, EINVAL,
			    "value '%s' of %s is not an hrtime (integer nanoseconds as illumos kstat(1) prints them, "
			    "or seconds with a decimal point as Solaris kstat(1) prints them)", st->value, st->name);
	case FK_CHARS:
		if (strlen(st->value) < f->size) { /* NUL-terminated char arrays */
			memset(dst, 0, f->size);
			memcpy(dst, st->value, strlen(st->value));
			return 0;
		}
		return fail(L, st->file, st->line, EINVAL, "value '%s' of %s is longer than %zu bytes", st->value,
			    st->name, f->size - 1);
	}
	return fail(L, st->file, st->line, EINVAL, "value '%s' of %s does not fit the %zu-byte %s field",
		    st->value, st->name, f->size, f->kind == FK_I32 || f->kind == FK_I64 ? "signed" : "unsigned");
}

/* Do the statistics name exactly the fields of the layout (each once)? */
static int exactly(const pks_t *k, const layout_t *layout)
{
	unsigned char seen[128] = { 0 };

	if (k->nstats != layout->nfields || layout->nfields > sizeof(seen))
		return 0;
	for (size_t i = 0; i < k->nstats; i++) {
		const field_t *f = layout_field(layout, k->stats[i].name);
		size_t idx;

		if (f == NULL)
			return 0;
		idx = (size_t)(f - layout->fields);
		if (seen[idx]++)
			return 0;
	}
	return 1;
}

/* Allocates the provenance flags of nrecords records of layout (all 0: nothing given yet). */
static int alloc_given(loader_t *L, const pks_t *k, const layout_t *layout, size_t nrecords, ks_image_t *img)
{
	img->layout = layout;
	img->nrecords = nrecords;
	if (nrecords == 0)
		return 0;
	img->given = sa_calloc(nrecords * layout->nfields, SA_KERNEL);
	if (img->given == NULL)
		return fail(L, k->file, k->line, ENOMEM, "out of memory");
	return 0;
}

static int build_struct(loader_t *L, const pks_t *k, const layout_t *layout, ks_image_t *img, uint_t ndata)
{
	img->data_size = layout->size;
	img->ndata = ndata;
	img->data = sa_calloc(layout->size, SA_KERNEL);
	if (img->data == NULL)
		return fail(L, k->file, k->line, ENOMEM, "out of memory");
	if (alloc_given(L, k, layout, 1, img) != 0)
		return -1;
	for (size_t i = 0; i < k->nstats; i++) {
		const pstat_t *st = &k->stats[i];
		const field_t *f = layout_field(layout, st->name);

		if (f == NULL)
			return fail(L, st->file, st->line, EINVAL, "%s:%d:%s: '%s' is not a field of %s", k->module,
				    k->instance, k->name, st->name, layout->struct_name);
		if (field_value(L, st, f, img->data) != 0)
			return -1;
		img->given[f - layout->fields] = 1;
	}
	return 0;
}

static int build_timers(loader_t *L, const pks_t *k, ks_image_t *img)
{
	const layout_t *tl = layout_timer();
	char (*names)[KSTAT_STRLEN] = NULL;
	size_t nrec = 0;

	if (exactly(k, tl))
		return build_struct(L, k, tl, img, 1);
	/* several records: statistics named TIMERNAME:FIELD */
	names = calloc(k->nstats ? k->nstats : 1, sizeof(*names));
	if (names == NULL)
		return fail(L, k->file, k->line, ENOMEM, "out of memory");
	for (size_t i = 0; i < k->nstats; i++) {
		const pstat_t *st = &k->stats[i];
		const char *c = strrchr(st->name, ':');
		size_t n = c != NULL ? (size_t)(c - st->name) : 0, r;

		if (c == NULL || n == 0 || n >= KSTAT_STRLEN || layout_field(tl, c + 1) == NULL ||
		    strcmp(c + 1, "name") == 0) {
			free(names);
			return fail(L, st->file, st->line, EINVAL,
				    "TIMER statistic '%s' is not TIMERNAME:FIELD (num_events elapsed_time min_time "
				    "max_time start_time stop_time)", st->name);
		}
		for (r = 0; r < nrec; r++)
			if (strncmp(names[r], st->name, n) == 0 && names[r][n] == '\0')
				break;
		if (r == nrec) {
			memcpy(names[nrec], st->name, n);
			names[nrec][n] = '\0';
			nrec++;
		}
	}
	img->ndata = (uint_t)nrec;
	img->data_size = nrec * sizeof(kstat_timer_t);
	if (nrec > 0 && (img->data = sa_calloc(img->data_size, SA_KERNEL)) == NULL) {
		free(names);
		return fail(L, k->file, k->line, ENOMEM, "out of memory");
	}
	if (alloc_given(L, k, tl, nrec, img) != 0) {
		free(names);
		return -1;
	}
	for (size_t r = 0; r < nrec; r++) {
		memcpy(((kstat_timer_t *)(void *)img->data)[r].name, names[r], strlen(names[r]));
		img->given[r * tl->nfields + (size_t)(layout_field(tl, "name") - tl->fields)] = 1;
	}
	for (size_t i = 0; i < k->nstats; i++) {
		const pstat_t *st = &k->stats[i];
		const char *c = strrchr(st->name, ':');
		size_t n = (size_t)(c - st->name), r;
		pstat_t field = *st;

		for (r = 0; r < nrec; r++)
			if (strncmp(names[r], st->name, n) == 0 && names[r][n] == '\0')
				break;
		field.name = (char *)(c + 1);
		if (field_value(L, &field, layout_field(tl, c + 1), img->data + r * sizeof(kstat_timer_t)) != 0) {
			free(names);
			return -1;
		}
		img->given[r * tl->nfields + (size_t)(layout_field(tl, c + 1) - tl->fields)] = 1;
	}
	free(names);
	return 0;
}

static int infer_kind(const pks_t *k)
{
	if (k->nstats == 0)
		return layout_for_kstat(k->module, k->name) != NULL ? KSTAT_TYPE_RAW : KSTAT_TYPE_NAMED;
	if (exactly(k, layout_io()))
		return KSTAT_TYPE_IO;
	if (exactly(k, layout_intr()))
		return KSTAT_TYPE_INTR;
	if (exactly(k, layout_timer()))
		return KSTAT_TYPE_TIMER;
	if (layout_for_kstat(k->module, k->name) != NULL)
		return KSTAT_TYPE_RAW;
	return KSTAT_TYPE_NAMED;
}

static int build_image(loader_t *L, const pks_t *k, ks_image_t *img)
{
	const kstat_directive_t *kd = kstat_directive_for(L, k);
	int type;

	strcpy(img->module, k->module);
	strcpy(img->name, k->name);
	img->instance = k->instance;
	img->crtime = k->has_crtime ? k->crtime : 0;
	img->snaptime = k->has_snaptime ? k->snaptime : L->has_default_snaptime ? L->default_snaptime : 0;
	img->given_pseudo = (k->has_class ? GIVEN_CLASS : 0u) | (k->has_crtime ? GIVEN_CRTIME : 0u) |
			    (k->has_snaptime || L->has_default_snaptime ? GIVEN_SNAPTIME : 0u);
	if (kd != NULL)
		type = kd->kind;
	else if (k->header_type >= 0)
		type = k->header_type;
	else
		type = infer_kind(k);
	img->type = (uchar_t)type;
	switch (type) {
	case KSTAT_TYPE_NAMED:
		if (build_named(L, k, img) != 0)
			return -1;
		break;
	case KSTAT_TYPE_IO:
		if (build_struct(L, k, layout_io(), img, 1) != 0)
			return -1;
		break;
	case KSTAT_TYPE_INTR:
		if (build_struct(L, k, layout_intr(), img, 1) != 0)
			return -1;
		break;
	case KSTAT_TYPE_TIMER:
		if (build_timers(L, k, img) != 0)
			return -1;
		break;
	default: {
		const layout_t *layout = kd != NULL && kd->layout != NULL ? kd->layout
									   : layout_for_kstat(k->module, k->name);

		if (layout != NULL) {
			if (build_struct(L, k, layout, img, (uint_t)layout->size) != 0)
				return -1;
		} else if (strcmp(k->module, "unix") == 0 && strcmp(k->name, "kstat_headers") == 0 &&
			   (kd == NULL || kd->size == 0)) {
			img->dynamic = KS_HEADERS;
			img->flags |= KSTAT_FLAG_VAR_SIZE;
			if (k->nstats > 0)
				return fail(L, k->stats[0].file, k->stats[0].line, EINVAL,
					    "unix:%d:kstat_headers is served from the chain itself: it takes no statistics",
					    k->instance);
		} else {
			if (k->nstats > 0)
				return fail(L, k->stats[0].file, k->stats[0].line, EINVAL,
					    "%s:%d:%s is RAW with no known layout: declare one with '#! kstat %s:%d:%s RAW "
					    "struct=NAME' or serve it as NAMED",
					    k->module, k->instance, k->name, k->module, k->instance, k->name);
			img->data_size = kd != NULL ? kd->size : 0;
			img->ndata = (uint_t)img->data_size;
			if (img->data_size > 0 && (img->data = sa_calloc(img->data_size, SA_KERNEL)) == NULL)
				return fail(L, k->file, k->line, ENOMEM, "out of memory");
		}
		break;
	}
	}
	if (kd != NULL && kd->has_flags)
		img->flags |= (uchar_t)kd->flags;
	if (k->has_class)
		strcpy(img->class_name, k->class_name);
	else
		strcpy(img->class_name, default_class(k->module, k->name, type));
	return 0;
}

static void loader_free(loader_t *L)
{
	for (size_t i = 0; i < L->n; i++) {
		for (size_t j = 0; j < L->ks[i].nstats; j++) {
			free(L->ks[i].stats[j].name);
			free(L->ks[i].stats[j].value);
		}
		free(L->ks[i].stats);
	}
	free(L->ks);
	for (size_t i = 0; i < L->ntypes; i++) {
		free(L->types[i].module);
		free(L->types[i].instance);
		free(L->types[i].name);
		free(L->types[i].stat);
	}
	free(L->types);
	for (size_t i = 0; i < L->nkds; i++) {
		free(L->kds[i].module);
		free(L->kds[i].instance);
		free(L->kds[i].name);
	}
	free(L->kds);
	for (size_t i = 0; i < L->nmulti; i++)
		free(L->multi[i]);
	free(L->multi);
	for (size_t i = 0; i < L->ncaptureds; i++) {
		for (size_t j = 0; j < L->captureds[i]->n; j++)
			free(L->captureds[i]->lists[j].words);
		free(L->captureds[i]->lists);
		free(L->captureds[i]);
	}
	free(L->captureds);
}

void fixture_free_frame(frame_t *frame)
{
	for (size_t i = 0; i < frame->n; i++) {
		sa_free(frame->ks[i].data);
		sa_free(frame->ks[i].given);
	}
	sa_free(frame->ks);
	frame->ks = NULL;
	frame->n = 0;
}

int fixture_load_frame(char *const *paths, size_t npaths, frame_t *out, char *err, size_t errlen)
{
	loader_t L;
	int rc = 0;

	memset(&L, 0, sizeof(L));
	memset(out, 0, sizeof(*out));
	L.err = err;
	L.errlen = errlen;
	err[0] = '\0';
	for (size_t i = 0; rc == 0 && i < npaths; i++)
		rc = load_file(&L, paths[i]);
	if (rc == 0 && L.n > 0) {
		out->ks = sa_calloc(L.n * sizeof(ks_image_t), SA_KERNEL);
		if (out->ks == NULL)
			rc = fail(&L, paths[0], 0, ENOMEM, "out of memory");
		for (size_t i = 0; rc == 0 && i < L.n; i++) {
			out->n = i + 1;
			rc = build_image(&L, &L.ks[i], &out->ks[i]);
		}
	}
	/* A directive that matches nothing is a typo, not a no-op. (Type directives apply to NAMED kstats.) */
	for (size_t i = 0; rc == 0 && i < L.ntypes; i++)
		if (L.types[i].matched == 0)
			rc = fail(&L, L.types[i].file, L.types[i].line, EINVAL,
				  "'#! type %s:%s:%s:%s' matches no statistic of a NAMED kstat in this frame",
				  L.types[i].module, L.types[i].instance, L.types[i].name, L.types[i].stat);
	for (size_t i = 0; rc == 0 && i < L.nkds; i++)
		if (L.kds[i].matched == 0)
			rc = fail(&L, L.kds[i].file, L.kds[i].line, EINVAL,
				  "'#! kstat %s:%s:%s' matches no kstat in this frame", L.kds[i].module,
				  L.kds[i].instance, L.kds[i].name);
	if (rc != 0) {
		int e = errno;

		fixture_free_frame(out);
		loader_free(&L);
		errno = e;
		return -1;
	}
	loader_free(&L);
	return 0;
}
