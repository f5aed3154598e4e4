/*
 * kernel.c: the simulated kernel behind /dev/kstat: the frames loaded from the fixtures, the kstats now in
 * the kernel with their KIDs, the chain id (KCID), and the KSTAT_IOC_READ / KSTAT_IOC_WRITE emulation
 * (illumos uts/common/io/kstat.c read_kstat_data / write_kstat_data). Callers hold the library lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define NAMED_SIZE sizeof(kstat_named_t)

/* ---- fixture list ------------------------------------------------------------------------------------ */

typedef struct strlist {
	char **items;
	size_t n;
} strlist_t;

static void strlist_free(strlist_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int strlist_add(strlist_t *l, const char *s, size_t n)
{
	char **items = realloc(l->items, (l->n + 1) * sizeof(char *));
	char *copy;

	if (items == NULL)
		return -1;
	l->items = items;
	copy = malloc(n + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, s, n);
	copy[n] = '\0';
	l->items[l->n++] = copy;
	return 0;
}

/*
 * Splits s at sep, but keeps a separator that is part of an existing file's name: at each position the
 * shortest run of pieces that names an existing file is taken; when none does, the single piece is taken
 * (it fails later with a clear "cannot open" message).
 */
static int split_existing(const char *s, char sep, strlist_t *out)
{
	strlist_t pieces = { 0 };
	const char *p = s;
	char *acc = NULL;

	for (;;) {
		const char *q = strchr(p, sep);
		size_t n = q != NULL ? (size_t)(q - p) : strlen(p);

		if (strlist_add(&pieces, p, n) != 0)
			goto oom;
		if (q == NULL)
			break;
		p = q + 1;
	}
	acc = malloc(strlen(s) + 1);
	if (acc == NULL)
		goto oom;
	for (size_t i = 0; i < pieces.n;) {
		size_t take = 1;

		acc[0] = '\0';
		for (size_t j = i; j < pieces.n; j++) {
			if (j > i)
				strncat(acc, &sep, 1);
			strcat(acc, pieces.items[j]);
			if (access(acc, F_OK) == 0) {
				take = j - i + 1;
				break;
			}
		}
		acc[0] = '\0';
		for (size_t j = i; j < i + take; j++) {
			if (j > i)
				strncat(acc, &sep, 1);
			strcat(acc, pieces.items[j]);
		}
		if (acc[0] != '\0' && strlist_add(out, acc, strlen(acc)) != 0)
			goto oom;
		i += take;
	}
	free(acc);
	strlist_free(&pieces);
	return 0;
oom:
	free(acc);
	strlist_free(&pieces);
	strlist_free(out);
	errno = ENOMEM;
	return -1;
}

/* ---- kernel lifetime --------------------------------------------------------------------------------- */

void kernel_free(kernel_t *k)
{
	if (k == NULL)
		return;
	for (size_t i = 0; i < k->nlive; i++)
		sa_free(k->live[i].written);
	sa_free(k->live);
	for (int i = 0; i < k->nframes; i++)
		fixture_free_frame(&k->frames[i]);
	sa_free(k->frames);
	sa_free(k->source);
	sa_free(k);
}

kernel_t *kernel_load(const char *source, int advance, char *err, size_t errlen)
{
	strlist_t frames = { 0 };
	kernel_t *k;
	int e;

	err[0] = '\0';
	if (split_existing(source, ',', &frames) != 0) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (frames.n == 0) {
		snprintf(err, errlen, "KSTAT_STANDIN_FIXTURES names no file");
		errno = ENOENT;
		return NULL;
	}
	k = sa_calloc(sizeof(*k), SA_KERNEL);
	if (k == NULL || (k->source = sa_strdup(source, SA_KERNEL)) == NULL ||
	    (k->frames = sa_calloc(frames.n * sizeof(frame_t), SA_KERNEL)) == NULL) {
		snprintf(err, errlen, "out of memory");
		e = ENOMEM;
		goto fail;
	}
	k->advance = advance;
	k->cur = -1;
	k->kcid = 1;
	for (size_t i = 0; i < frames.n; i++) {
		strlist_t files = { 0 };
		int rc;

		if (split_existing(frames.items[i], '+', &files) != 0) {
			snprintf(err, errlen, "out of memory");
			e = ENOMEM;
			goto fail;
		}
		rc = fixture_load_frame(files.items, files.n, &k->frames[i], err, errlen);
		e = errno;
		strlist_free(&files);
		if (rc != 0)
			goto fail;
		k->nframes = (int)i + 1;
	}
	strlist_free(&frames);
	if (kernel_set_frame(k, 0) != 0) {
		e = errno;
		snprintf(err, errlen, "out of memory");
		kernel_free(k);
		errno = e;
		return NULL;
	}
	return k;
fail:
	strlist_free(&frames);
	kernel_free(k);
	errno = e;
	return NULL;
}

/* ---- frames and KIDs ---------------------------------------------------------------------------------- */

static uint64_t key_hash(const char *module, int instance, const char *name)
{
	uint64_t h = 1469598103934665603ull;

	for (const char *p = module; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)instance) * 1099511628211ull;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

static int same_kstat(const ks_image_t *a, const ks_image_t *b)
{
	if (a->instance != b->instance || a->type != b->type || a->crtime != b->crtime ||
	    strcmp(a->module, b->module) != 0 || strcmp(a->name, b->name) != 0 || a->dynamic != b->dynamic)
		return 0;
	if (a->data_size != b->data_size &&
	    !((a->flags | b->flags) & (KSTAT_FLAG_VAR_SIZE | KSTAT_FLAG_LONGSTRINGS)))
		return 0;
	return 1;
}

static int by_kid(const void *a, const void *b)
{
	kid_t x = ((const live_t *)a)->kid, y = ((const live_t *)b)->kid;
	return x < y ? -1 : x > y;
}

int kernel_set_frame(kernel_t *k, int f)
{
	const frame_t *frame;
	live_t *nlive = NULL;
	size_t *slots = NULL, nslots = 1;
	unsigned char *matched = NULL;
	size_t created = 0, deleted = 0;

	if (f < 0 || f >= k->nframes) {
		errno = EINVAL;
		return -1;
	}
	frame = &k->frames[f];
	while (nslots < 2 * (k->nlive + 1))
		nslots *= 2;
	slots = calloc(nslots, sizeof(size_t));
	matched = calloc(k->nlive + 1, 1);
	if (frame->n > 0)
		nlive = sa_calloc(frame->n * sizeof(live_t), SA_KERNEL);
	if (slots == NULL || matched == NULL || (frame->n > 0 && nlive == NULL)) {
		free(slots);
		free(matched);
		sa_free(nlive);
		errno = ENOMEM;
		return -1;
	}
	/* index the kstats now in the kernel by module:instance:name (slot = index + 1) */
	for (size_t j = 0; j < k->nlive; j++) {
		const ks_image_t *img = k->live[j].img;
		size_t s = (size_t)key_hash(img->module, img->instance, img->name) & (nslots - 1);

		while (slots[s] != 0)
			s = (s + 1) & (nslots - 1);
		slots[s] = j + 1;
	}
	for (size_t i = 0; i < frame->n; i++) {
		const ks_image_t *img = &frame->ks[i];
		size_t s = (size_t)key_hash(img->module, img->instance, img->name) & (nslots - 1);
		size_t found = 0;

		for (; slots[s] != 0; s = (s + 1) & (nslots - 1)) {
			size_t j = slots[s] - 1;

			if (!matched[j] && same_kstat(k->live[j].img, img)) {
				found = j + 1;
				break;
			}
		}
		nlive[i].img = img;
		if (found != 0) {
			matched[found - 1] = 1;
			nlive[i].kid = k->live[found - 1].kid;
		} else {
			nlive[i].kid = k->next_kid++;
			created++;
		}
	}
	for (size_t j = 0; j < k->nlive; j++) {
		/* values of surviving kstats come from the new frame: written data is dropped */
		sa_free(k->live[j].written);
		if (!matched[j])
			deleted++;
	}
	if (frame->n > 0)
		qsort(nlive, frame->n, sizeof(live_t), by_kid);
	sa_free(k->live);
	k->live = nlive;
	k->nlive = frame->n;
	k->cur = f;
	k->kcid += (kid_t)(created + deleted);
	free(slots);
	free(matched);
	return 0;
}

int kernel_remove(kernel_t *k, const char *module, int instance, const char *name)
{
	size_t kept = 0;
	int removed = 0;

	for (size_t j = 0; j < k->nlive; j++) {
		const ks_image_t *img = k->live[j].img;

		if ((module == NULL || strcmp(module, img->module) == 0) &&
		    (instance == -1 || instance == img->instance) && (name == NULL || strcmp(name, img->name) == 0)) {
			sa_free(k->live[j].written);
			removed++;
			continue;
		}
		k->live[kept++] = k->live[j];
	}
	k->nlive = kept;
	k->kcid += removed;
	if (removed == 0)
		errno = ENOENT;
	return removed;
}

static live_t *find(const kernel_t *k, kid_t kid)
{
	size_t lo = 0, hi = k->nlive;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->live[mid].kid == kid)
			return &k->live[mid];
		if (k->live[mid].kid < kid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static size_t data_size(const kernel_t *k, const ks_image_t *img, uint_t *ndata)
{
	if (img->dynamic == KS_HEADERS) {
		*ndata = (uint_t)k->nlive;
		return k->nlive * sizeof(kstat_t);
	}
	*ndata = img->ndata;
	return img->data_size;
}

void kernel_header(const kernel_t *k, const live_t *l, kstat_t *out)
{
	const ks_image_t *img = l->img;

	out->ks_crtime = img->crtime;
	out->ks_kid = l->kid;
	memcpy(out->ks_module, img->module, sizeof(out->ks_module));
	out->ks_instance = img->instance;
	memcpy(out->ks_name, img->name, sizeof(out->ks_name));
	out->ks_type = img->type;
	memcpy(out->ks_class, img->class_name, sizeof(out->ks_class));
	out->ks_flags = img->flags;
	out->ks_data_size = data_size(k, img, &out->ks_ndata);
	out->ks_snaptime = img->snaptime;
}

/* ---- KSTAT_IOC_READ / KSTAT_IOC_WRITE -------------------------------------------------------------- */

kid_t kernel_read(const kernel_t *k, kstat_t *ksp)
{
	const live_t *l = find(k, ksp->ks_kid);
	const ks_image_t *img;
	uint_t ndata;
	size_t size;

	if (l == NULL) {
		errno = ENXIO; /* no kstat with this KID: it was deleted */
		return -1;
	}
	img = l->img;
	size = data_size(k, img, &ndata);
	/* header fields are returned to the caller even when the data is not */
	ksp->ks_ndata = ndata;
	ksp->ks_flags = img->flags;
	ksp->ks_snaptime = img->snaptime;
	if (ksp->ks_data_size < size) {
		ksp->ks_data_size = size;
		errno = ENOMEM;
		return -1;
	}
	ksp->ks_data_size = size;
	if (size == 0)
		return k->kcid;
	if (ksp->ks_data == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (img->dynamic == KS_HEADERS) {
		kstat_t *hdr = ksp->ks_data;

		memset(hdr, 0, size);
		for (size_t i = 0; i < k->nlive; i++)
			kernel_header(k, &k->live[i], &hdr[i]);
		return k->kcid;
	}
	memcpy(ksp->ks_data, l->written != NULL ? l->written : img->data, size);
	if (img->type == KSTAT_TYPE_NAMED && size != (size_t)ndata * NAMED_SIZE) {
		kstat_named_t *kn = ksp->ks_data;

		for (uint_t i = 0; i < ndata; i++) {
			uintptr_t v;

			if (kn[i].data_type != KSTAT_DATA_STRING)
				continue;
			v = (uintptr_t)kn[i].value.str.addr.ptr;
			kn[i].value.str.addr.ptr = v != 0 ? (char *)ksp->ks_data + (v - 1) : NULL;
		}
	}
	return k->kcid;
}

kid_t kernel_write(kernel_t *k, kstat_t *ksp, int privileged)
{
	live_t *l;
	const ks_image_t *img;
	unsigned char *w;
	size_t size;

	if (!privileged) {
		errno = EPERM; /* no PRIV_SYS_CONFIG */
		return -1;
	}
	l = find(k, ksp->ks_kid);
	if (l == NULL) {
		errno = ENXIO;
		return -1;
	}
	img = l->img;
	if (!(img->flags & KSTAT_FLAG_WRITABLE) || img->dynamic != KS_STATIC) {
		errno = EACCES;
		return -1;
	}
	size = img->data_size;
	if (ksp->ks_data_size != size || ksp->ks_ndata != img->ndata) {
		errno = EINVAL;
		return -1;
	}
	if (size > 0 && ksp->ks_data == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (img->type == KSTAT_TYPE_NAMED) {
		const kstat_named_t *cur = (const void *)(l->written != NULL ? l->written : img->data);
		const kstat_named_t *nw = ksp->ks_data;
		const char *lo = (const char *)ksp->ks_data + (size_t)img->ndata * NAMED_SIZE;
		const char *hi = (const char *)ksp->ks_data + size;

		for (uint_t i = 0; i < img->ndata; i++) {
			const char *p = nw[i].value.str.addr.ptr;

			if (nw[i].data_type != cur[i].data_type) {
				errno = EINVAL; /* a write may not change a statistic's type */
				return -1;
			}
			if (nw[i].data_type == KSTAT_DATA_STRING && p != NULL &&
			    (p < lo || p > hi || nw[i].value.str.len > (size_t)(hi - p))) {
				errno = EINVAL; /* string outside the buffer */
				return -1;
			}
		}
	}
	w = size > 0 ? sa_calloc(size, SA_KERNEL) : NULL;
	if (size > 0 && w == NULL) {
		errno = EAGAIN; /* KM_NOSLEEP allocation failure */
		return -1;
	}
	if (size > 0)
		memcpy(w, ksp->ks_data, size);
	if (img->type == KSTAT_TYPE_NAMED) {
		kstat_named_t *kn = (void *)w;

		for (uint_t i = 0; i < img->ndata; i++) {
			if (kn[i].data_type != KSTAT_DATA_STRING || kn[i].value.str.addr.ptr == NULL)
				continue;
			kn[i].value.str.addr.ptr =
				(char *)(uintptr_t)(kn[i].value.str.addr.ptr - (char *)ksp->ks_data + 1);
		}
	}
	sa_free(l->written);
	l->written = w;
	return k->kcid;
}

/* ---- provenance (kstat_standin_captured) ---------------------------------------------------------- */

/* Did the fixture give this field of this record, or has a kstat_write changed its bytes since? */
static int field_given(const live_t *l, size_t record, const field_t *f)
{
	const ks_image_t *img = l->img;
	size_t at = record * img->layout->size + f->offset;

	if (img->given[record * img->layout->nfields + (size_t)(f - img->layout->fields)])
		return 1;
	return l->written != NULL && memcmp(l->written + at, img->data + at, f->size) != 0;
}

int kernel_captured(const kernel_t *k, const char *module, int instance, const char *name, const char *statistic)
{
	const live_t *l = NULL;
	const ks_image_t *img;

	for (size_t j = 0; j < k->nlive && l == NULL; j++) {
		const ks_image_t *c = k->live[j].img;

		if (strcmp(c->module, module) == 0 && c->instance == instance && strcmp(c->name, name) == 0)
			l = &k->live[j];
	}
	if (l == NULL) {
		errno = ENOENT;
		return -1;
	}
	img = l->img;
	if (strcmp(statistic, "class") == 0)
		return (img->given_pseudo & GIVEN_CLASS) != 0;
	if (strcmp(statistic, "crtime") == 0)
		return (img->given_pseudo & GIVEN_CRTIME) != 0;
	if (strcmp(statistic, "snaptime") == 0)
		return (img->given_pseudo & GIVEN_SNAPTIME) != 0;
	if (img->type == KSTAT_TYPE_NAMED) {
		/* Every named statistic comes from a fixture line. */
		const kstat_named_t *kn = (const void *)img->data;

		for (uint_t i = 0; i < img->ndata; i++)
			if (strncmp(kn[i].name, statistic, KSTAT_STRLEN) == 0)
				return 1;
	} else if (img->layout != NULL && img->layout == layout_timer() && img->nrecords > 1) {
		/* several timers: RECORD:FIELD */
		const char *c = strrchr(statistic, ':');
		const field_t *f = c != NULL ? layout_field(img->layout, c + 1) : NULL;

		for (size_t r = 0; f != NULL && r < img->nrecords; r++) {
			const kstat_timer_t *t = (const void *)(img->data + r * sizeof(kstat_timer_t));

			if (strlen(t->name) == (size_t)(c - statistic) && strncmp(t->name, statistic, (size_t)(c - statistic)) == 0)
				return field_given(l, r, f);
		}
	} else if (img->layout != NULL && img->nrecords == 1) {
		const field_t *f = layout_field(img->layout, statistic);

		if (f != NULL)
			return field_given(l, 0, f);
	}
	errno = ENOENT;
	return -1;
}
