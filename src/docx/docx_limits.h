/* docx_limits — named limits on untrusted DOCX packages.
 *
 * A DOCX is a zip file that may come from anywhere (e-mail, a web form).
 * Zip bombs inflate a few kilobytes into gigabytes, so every part is read
 * with a cap on its inflated size and the whole package with a cap on the
 * sum.  Real report templates are < 1 MB; the limits leave ample room. */
#ifndef JX_DOCX_LIMITS_H
#define JX_DOCX_LIMITS_H

#define DOCX_MAX_FILE_BYTES   (64u * 1024 * 1024)  /* the .docx file itself */
#define DOCX_MAX_PART_BYTES   (32u * 1024 * 1024)  /* one inflated part */
#define DOCX_MAX_TOTAL_BYTES  (128u * 1024 * 1024) /* all inflated parts together */
#define DOCX_MAX_PARTS        2000u                /* entries in the zip directory */
#define DOCX_MAX_NAME_BYTES   512u                 /* one part name */

/* Pictures.  A PNG header may claim any size; decoding 100000 × 100000
 * pixels would take 40 GB.  50 megapixels is a 600 dpi scan of a whole A3
 * page; cairo, which draws the pictures, takes at most 32767 pixels a
 * side.  An extent (size on the page, in EMU: 914400 to the inch) beyond
 * 22 inches, the largest page Word allows, cannot be shown either. */
#define DOCX_MAX_IMAGE_MEGAPIXELS  50u
#define DOCX_MAX_IMAGE_SIDE        32767u
#define DOCX_MAX_IMAGE_EXTENT_EMU  (22LL * 914400)

#endif
