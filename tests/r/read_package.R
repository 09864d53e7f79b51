# Read every resource of a Data Package the way R users do with the CRAN
# package frictionless:
#
#   library(frictionless)
#   p <- read_package("datapackage.json")
#   lapply(resource_names(p), \(n) read_resource(p, n))
#
#   Rscript tests/r/read_package.R path/to/datapackage.json
#
# frictionless is not in Debian and CRAN is out of reach in CI, so this script
# stands in for it with readr and jsonlite alone. It was written from the
# behaviour documented in, and observed in the sources of, frictionless-r
# 1.2.x/1.3.0; nothing of that package's code is reproduced. A resource that
# frictionless-r could not read, or would read wrongly without saying so,
# must fail here, so the script is stricter than frictionless-r wherever
# frictionless-r stays silent (notably: it hands any file, Parquet included,
# to readr as delimited text, which is how the earlier package crashed R).
#
# Prints "<name> <rows> rows, <columns> columns" per readable resource, a
# "FAILED <name>: <reason>" line on stderr per unreadable one, and a final
# "<n> resources read, <m> failed"; the exit status is 1 if any failed.

suppressPackageStartupMessages({
  library(readr)
  library(jsonlite)
})
options(warn = 1, width = 120)

`%||%` <- function(x, y) if (is.null(x)) y else x

# A refusal is an ordinary error; each resource is tried on its own so that
# one bad resource does not hide the state of the others.
refuse <- function(...) stop(paste0(...), call. = FALSE)

# frictionless-r accepts any type from Table Schema v1 and nothing else (v2's
# "list", or a typo, stops read_resource() before any data are read).
KNOWN_TYPES <- c(
  "string", "number", "integer", "boolean", "object", "array", "date", "time",
  "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"
)

# Dialect properties frictionless-r passes on to readr.
DIALECT_HONOURED <- c(
  "delimiter", "quoteChar", "doubleQuote", "escapeChar", "header",
  "commentChar", "skipInitialSpace"
)
# Properties it ignores without harm: readr finds LF and CRLF itself, and
# header names are never compared (columns are taken by position).
DIALECT_HARMLESS <- c("lineTerminator", "caseSensitiveHeader", "csvddfVersion", "$schema")

# readr's logical parser is all frictionless-r uses for booleans; a value
# outside this set is a parse failure, whatever trueValues says.
READR_LOGICAL <- c("T", "F", "TRUE", "FALSE", "True", "False", "true", "false", "1", "0")

# Extensions readr decompresses on the fly; what is under them must still be text.
COMPRESSED <- "\\.(gz|bz2|xz|zip)$"
TEXT_EXTENSIONS <- c("csv", "tsv", "tab", "txt", "psv")
TEXT_FORMATS <- c("csv", "tsv")
TEXT_MEDIATYPES <- c("text/csv", "text/tab-separated-values", "text/plain")

is_url <- function(x) grepl("^(https?|s?ftps?)://", x)

# frictionless-r refuses absolute and parent-relative paths (a descriptor
# must not point outside its directory) and fails on a missing file. URLs
# are refused here only because the test runs offline.
local_file <- function(path, directory, what) {
  if (is_url(path)) refuse(what, " is a URL (", path, "); this offline check reads local files only")
  if (startsWith(path, "/")) refuse(what, " is an absolute path (", path, "), which frictionless-r refuses")
  if (startsWith(path, "../")) refuse(what, " starts with ../ (", path, "), which frictionless-r refuses")
  full <- file.path(directory, path)
  if (!file.exists(full)) refuse(what, " not found: ", path)
  full
}

# Schemas and dialects may be inline or a path to JSON; frictionless-r reads
# both with the same jsonlite settings as the descriptor, so enums and
# missingValues arrive as atomic vectors, objects as named lists.
read_json_descriptor <- function(x, directory, what) {
  if (!is.character(x)) return(x)
  full <- local_file(x, directory, what)
  if (grepl("\\.ya?ml$", full)) refuse(what, " is YAML (", x, "); this check reads JSON only")
  fromJSON(full, simplifyDataFrame = FALSE, simplifyVector = TRUE)
}

# readr never refuses a binary file up front: Parquet bytes reach the CSV
# tokenizer, which errors at the first NUL or crashes R. Look before reading.
check_delimited_text <- function(resource, paths) {
  format <- resource$format
  if (!is.null(format) && !tolower(format) %in% TEXT_FORMATS) {
    refuse("format is \"", format, "\"; frictionless-r reads every path as delimited text")
  }
  mediatype <- resource$mediatype
  if (!is.null(mediatype) && !tolower(mediatype) %in% TEXT_MEDIATYPES) {
    refuse("mediatype is \"", mediatype, "\"; frictionless-r reads every path as delimited text")
  }
  for (path in paths) {
    bare <- sub(COMPRESSED, "", basename(path))
    extension <- tolower(tools::file_ext(bare))
    if (!extension %in% TEXT_EXTENSIONS) {
      refuse("path ", basename(path), " is not delimited text (.", extension,
             "); frictionless-r would hand it to readr::read_delim() anyway")
    }
    if (!grepl(COMPRESSED, path)) {
      head_bytes <- readBin(path, "raw", n = 65536L)
      if (any(head_bytes == as.raw(0L))) {
        refuse("path ", basename(path), " holds binary data (a NUL byte in its first 64 KiB), not delimited text")
      }
    }
  }
}

check_dialect <- function(dialect) {
  if (is.null(dialect)) return(list())
  if (!is.list(dialect)) refuse("dialect is not an object")
  unknown <- setdiff(names(dialect), c(DIALECT_HONOURED, DIALECT_HARMLESS))
  if (length(unknown) > 0) {
    refuse("dialect sets ", paste(unknown, collapse = ", "),
           ", which frictionless-r ignores (the file would be read as if they were absent)")
  }
  terminator <- dialect$lineTerminator
  if (!is.null(terminator) && !terminator %in% c("\n", "\r\n")) {
    refuse("dialect lineTerminator is not LF or CRLF; readr recognises only those")
  }
  escape <- dialect$escapeChar
  if (!is.null(escape) && !identical(escape, "\\")) {
    refuse("dialect escapeChar is \"", escape, "\"; frictionless-r honours only a backslash")
  }
  if (!is.null(escape) && isTRUE(dialect$doubleQuote)) {
    refuse("dialect sets both escapeChar and doubleQuote; frictionless-r drops doubleQuote")
  }
  for (key in c("delimiter", "quoteChar")) {
    value <- dialect[[key]]
    if (!is.null(value) && (!is.character(value) || length(value) != 1 || nchar(value) != 1)) {
      refuse("dialect ", key, " must be a single character for readr")
    }
  }
  for (key in c("header", "doubleQuote", "skipInitialSpace")) {
    value <- dialect[[key]]
    if (!is.null(value) && !(is.logical(value) && length(value) == 1 && !is.na(value))) {
      refuse("dialect ", key, " must be true or false")
    }
  }
  dialect
}

check_schema <- function(schema) {
  if (!is.list(schema) || is.null(schema$fields) || !is.list(schema$fields)) {
    refuse("schema has no fields")
  }
  fields <- schema$fields
  names_ <- vapply(fields, function(f) if (is.character(f$name)) f$name else NA_character_, character(1))
  if (anyNA(names_)) refuse("schema fields ", paste(which(is.na(names_)), collapse = ", "), " have no name")
  if (anyDuplicated(names_)) {
    refuse("schema repeats field names (", paste(unique(names_[duplicated(names_)]), collapse = ", "),
           "); readr would rename the columns")
  }
  types <- vapply(fields, function(f) f$type %||% NA_character_, character(1))
  bad <- setdiff(types[!is.na(types)], KNOWN_TYPES)
  if (length(bad) > 0) refuse("schema has field types frictionless-r rejects: ", paste(bad, collapse = ", "))

  # A v1 missingValues is a list of strings; v2 allows {value, label} objects,
  # which frictionless-r passes to readr's na= as they are.
  missing <- schema$missingValues
  if (!is.null(missing) && !is.character(missing)) {
    refuse("schema missingValues is not a list of strings (v2 objects are not read by frictionless-r)")
  }
  for (f in fields) {
    if (!is.null(f$missingValues)) {
      refuse("field ", f$name, " has its own missingValues, which frictionless-r ignores")
    }
    if (identical(f$type, "boolean")) {
      given <- c(f$trueValues, f$falseValues)
      odd <- setdiff(given, READR_LOGICAL)
      if (length(odd) > 0) {
        refuse("boolean field ", f$name, " declares trueValues/falseValues that readr does not parse: ",
               paste(odd, collapse = ", "))
      }
    }
  }
  # frictionless-r builds one readr locale per resource, so a decimalChar or
  # groupChar holds for every numeric field or the others are misread.
  numeric <- Filter(function(f) (f$type %||% "") %in% c("number", "integer"), fields)
  decimal <- unique(vapply(numeric, function(f) f$decimalChar %||% ".", character(1)))
  grouping <- unique(vapply(numeric, function(f) f$groupChar %||% "", character(1)))
  if (length(decimal) > 1) refuse("numeric fields differ in decimalChar; frictionless-r uses one for all")
  if (length(grouping) > 1) refuse("numeric fields differ in groupChar; frictionless-r uses one for all")
  list(
    fields = fields,
    names = names_,
    na = missing %||% "",
    decimal = if (length(decimal) == 1) decimal else ".",
    grouping = if (length(grouping) == 1) grouping else ""
  )
}

# The readr collector frictionless-r picks for a field, and the R class the
# column then has. An enum turns any string/number/integer into a factor
# whose levels are the enum; integers are read as doubles.
collector <- function(field) {
  type <- field$type %||% "untyped"
  format <- field$format %||% "default"
  enum <- field$constraints$enum
  strict_number <- !identical(field$bareNumber, FALSE)
  grouped <- !identical(field$groupChar %||% "", "")
  if (type %in% c("string", "number", "integer") && length(enum) > 0) {
    return(list(col = col_factor(levels = as.character(enum)), class = "factor", levels = as.character(enum)))
  }
  fractional_seconds <- function(fmt) sub("%S.%f", "%OS", fmt)
  switch(type,
    string = list(col = col_character(), class = "character"),
    number = list(col = if (grouped || !strict_number) col_number() else col_double(), class = "numeric"),
    integer = list(col = if (strict_number) col_double() else col_number(), class = "numeric"),
    boolean = list(col = col_logical(), class = "logical"),
    date = list(
      col = col_date(switch(format, default = "%Y-%m-%d", any = "%AD", "%x" = "%m/%d/%y", format)),
      class = "Date"
    ),
    time = list(
      col = col_time(switch(format, default = "%AT", any = "%AT", "%X" = "%H:%M:%S", fractional_seconds(format))),
      class = "hms"
    ),
    datetime = list(
      col = col_datetime(switch(format, default = "", any = "", fractional_seconds(format))),
      class = "POSIXct"
    ),
    year = list(col = col_date("%Y"), class = "Date"),
    yearmonth = list(col = col_date("%Y-%m"), class = "Date"),
    # 1.3.0 reads untyped fields as text (1.2.x guessed a type from the data);
    # text is what the field holds in the file either way.
    list(col = col_character(), class = "character")
  )
}

# readr announces parse failures as a warning and keeps going; the failures
# are collected with problems() instead, so the warning is only noise.
quietly <- function(expr) withCallingHandlers(expr, warning = function(w) invokeRestart("muffleWarning"))

describe_problems <- function(found, field_names) {
  shown <- utils::head(found, 3)
  column <- ifelse(is.na(shown$col), "?", field_names[pmin(shown$col, length(field_names))])
  paste0(nrow(found), " parse problem(s), e.g. ",
         paste0("data row ", shown$row, " ", column, ": expected ", shown$expected, ", got '", shown$actual, "'",
                collapse = "; "))
}

read_one <- function(resource, directory) {
  if (is.null(resource$path) && is.null(resource$data)) refuse("has neither path nor data")
  if (!is.null(resource$path) && !is.null(resource$data)) refuse("has both path and data, which frictionless-r refuses")
  if (is.null(resource$path)) refuse("has inline data; this check covers resources read from files")
  if (!is.character(resource$path)) refuse("path is not a string or list of strings")
  paths <- vapply(resource$path, local_file, character(1), directory = directory, what = "path", USE.NAMES = FALSE)
  check_delimited_text(resource, paths)

  # read_resource() asks for the profile before it reads anything; v2's
  # "type": "table" alone does not satisfy it.
  if (!identical(resource$profile, "tabular-data-resource")) {
    refuse("profile is ", if (is.null(resource$profile)) "missing" else paste0("\"", resource$profile, "\""),
           "; frictionless-r requires \"tabular-data-resource\"")
  }
  if (is.null(resource$schema)) refuse("has no schema")
  schema <- check_schema(read_json_descriptor(resource$schema, directory, "schema"))
  dialect <- check_dialect(read_json_descriptor(resource$dialect, directory, "dialect"))

  # An encoding iconv does not know is replaced by UTF-8 with only a warning:
  # the text would be decoded wrongly without anyone noticing.
  encoding <- resource$encoding %||% "UTF-8"
  if (!tolower(encoding) %in% tolower(iconvlist())) refuse("encoding ", encoding, " is unknown to iconv")

  specs <- lapply(schema$fields, collector)
  col_types <- do.call(cols, stats::setNames(lapply(specs, `[[`, "col"), schema$names))
  locale_ <- locale(decimal_mark = schema$decimal, grouping_mark = schema$grouping, encoding = encoding)
  delim <- dialect$delimiter %||% ","
  quote <- dialect$quoteChar %||% "\""
  backslash <- identical(dialect$escapeChar, "\\")
  double_quote <- if (backslash) FALSE else dialect$doubleQuote %||% TRUE
  header <- dialect$header %||% TRUE

  frames <- lapply(paths, function(path) {
    # Names come from the schema and the header line is skipped: a column is
    # whatever sits at the field's position, whatever the header says.
    data <- quietly(read_delim(
      path, delim = delim, quote = quote, escape_backslash = backslash, escape_double = double_quote,
      col_names = schema$names, col_types = col_types, locale = locale_, na = schema$na,
      comment = dialect$commentChar %||% "", trim_ws = dialect$skipInitialSpace %||% FALSE,
      skip = if (header) 1 else 0, skip_empty_rows = TRUE, progress = FALSE
    ))
    found <- problems(data)
    if (nrow(found) > 0) refuse(basename(path), ": ", describe_problems(found, schema$names))

    # A second, schema-blind reading: if the two disagree on the number of
    # rows, the typed reading lost or invented some.
    # read_csv() knows no escape options, so another dialect needs read_delim().
    plain_args <- list(
      path, quote = quote, col_names = header, col_types = cols(.default = col_character()),
      na = character(), locale = locale(encoding = encoding), name_repair = "minimal", progress = FALSE
    )
    plain <- quietly(if (delim == "," && double_quote && !backslash) {
      do.call(read_csv, plain_args)
    } else {
      do.call(read_delim, c(plain_args, delim = delim, escape_backslash = backslash, escape_double = double_quote))
    })
    found <- problems(plain)
    if (nrow(found) > 0) refuse(basename(path), ": plain read_csv finds ", nrow(found), " problem(s), e.g. row ",
                                found$row[1], ": expected ", found$expected[1], ", got '", found$actual[1], "'")
    if (nrow(plain) != nrow(data)) {
      refuse(basename(path), ": ", nrow(data), " rows read with the schema, ", nrow(plain), " with plain read_csv")
    }
    # Columns are matched by position, so a header that drifts from the
    # schema silently relabels data.
    if (header && !identical(names(plain), schema$names)) {
      refuse(basename(path), ": header [", paste(names(plain), collapse = ", "),
             "] is not the schema's fields in order [", paste(schema$names, collapse = ", "), "]")
    }
    if (!header && ncol(plain) != length(schema$names)) {
      refuse(basename(path), ": ", ncol(plain), " columns, schema has ", length(schema$names), " fields")
    }
    data
  })
  data <- do.call(rbind, frames)

  for (i in seq_along(specs)) {
    column <- data[[schema$names[i]]]
    want <- specs[[i]]$class
    if (!inherits(column, want)) {
      refuse("column ", schema$names[i], " is ", paste(class(column), collapse = "/"), ", frictionless-r gives ", want)
    }
    if (want == "factor" && !identical(levels(column), specs[[i]]$levels)) {
      refuse("column ", schema$names[i], " has factor levels other than its enum")
    }
  }
  data
}

main <- function(args) {
  if (length(args) != 1) {
    message("usage: Rscript tests/r/read_package.R path/to/datapackage.json")
    quit(status = 2)
  }
  descriptor_path <- args[1]
  if (!file.exists(descriptor_path)) {
    message("FAILED: descriptor not found: ", descriptor_path)
    quit(status = 1)
  }
  package <- fromJSON(descriptor_path, simplifyDataFrame = FALSE, simplifyVector = TRUE)
  directory <- dirname(descriptor_path)
  # frictionless-r 1.3.0 warns, but still reads, when $schema names a version
  # of the standard other than 1.0; the per-resource checks below catch the
  # v2 features it would not honour.
  profile_url <- package[["$schema"]]
  if (!is.null(profile_url) && !grepl("/1\\.0/", profile_url)) {
    message("note: $schema is ", profile_url, "; frictionless-r implements Data Package 1.0")
  }

  # resource_names() fails for the whole package if one resource is nameless,
  # and read_resource() silently returns the first of two same-named ones.
  resources <- package$resources
  if (!is.list(resources) || length(resources) == 0) {
    message("FAILED: the descriptor lists no resources")
    quit(status = 1)
  }
  names_ <- vapply(resources, function(r) if (is.character(r$name)) r$name else NA_character_, character(1))
  if (anyNA(names_)) {
    message("FAILED: resources ", paste(which(is.na(names_)), collapse = ", "), " have no name")
    quit(status = 1)
  }

  read <- 0L
  failed <- 0L
  for (i in seq_along(resources)) {
    name <- names_[i]
    outcome <- tryCatch(
      {
        if (name %in% names_[seq_len(i - 1)]) refuse("another resource already has this name")
        read_one(resources[[i]], directory)
      },
      error = function(e) conditionMessage(e)
    )
    if (is.character(outcome)) {
      failed <- failed + 1L
      message("FAILED ", name, ": ", outcome)
    } else {
      read <- read + 1L
      cat(sprintf("%-20s %6d rows, %3d columns\n", name, nrow(outcome), ncol(outcome)))
    }
  }
  cat(sprintf("%d resources read, %d failed\n", read, failed))
  if (failed > 0) quit(status = 1)
}

main(commandArgs(trailingOnly = TRUE))
