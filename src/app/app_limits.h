/* app_limits — the limits of the app layer, each with the error it gives. */
#ifndef JX_APP_LIMITS_H
#define JX_APP_LIMITS_H

/* The longest file name an output may have, in bytes: NAME_MAX of Linux
 * file systems (ext4, xfs, btrfs, tmpfs).  A 单位名称 whose outputs'
 * names (<单位名称>-<年度>.changes.txt, the longest) exceed it is a data
 * error (app_unit_name_check), found by `jixiao check` and refused by
 * build and batch before rendering. */
#define APP_MAX_OUTPUT_NAME_BYTES 255

/* The size of a batch commit journal (OUT/.jixiao/state/<id>.commit):
 * three pairs of paths. */
#define APP_MAX_JOURNAL_BYTES (64 * 1024)

#endif
