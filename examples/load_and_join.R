# Load the data package in R with column types from its Table Schemas, check
# it, and join claims to articles.  Uses readr and jsonlite only.
#
#   Rscript examples/load_and_join.R [path/to/datapackage.json]
#
# For every resource of format "csv" in datapackage.json it reads the Table
# Schema (a path relative to datapackage.json, or inline), builds readr
# col_types from the field types (string -> character, integer -> integer,
# number -> double, boolean -> logical, date -> Date), reads the CSV with
# readr::read_csv(na = "", UTF-8) and checks
#   * readr reported no parsing problems,
#   * the row count equals the number of data lines in the CSV, counted
#     independently of readr (record ends outside quoted cells, minus the
#     header line; cells such as articles.text span several physical lines),
#   * the columns are the schema's fields, in order.
# Then it joins claims to articles, checks that every claim's article_id is
# found and that every quote equals its span of articles.text
# (substr(text, char_start + 1, char_end)).
# Prints one line per table, "<table> <n> rows, <k> columns", and exits with
# status 1 and a message for every failed check.

suppressPackageStartupMessages({
  library(readr)
  library(jsonlite)
})
options(width = 120, warn = 1)

failures <- character(0)
fail <- function(...) failures <<- c(failures, paste0(...))

script_dir <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 0) return(getwd())
  dirname(normalizePath(sub("^--file=", "", file_arg[1])))
}

args <- commandArgs(trailingOnly = TRUE)
package_path <- if (length(args) >= 1) args[1] else file.path(script_dir(), "..", "datapackage.json")
if (!file.exists(package_path)) {
  message("ERROR: datapackage.json not found at ", package_path)
  quit(status = 1)
}
package_path <- normalizePath(package_path)
base_dir <- dirname(package_path)
package <- fromJSON(package_path, simplifyVector = FALSE)

# One readr collector per Table Schema field type.
collector_for <- function(field) {
  type <- if (is.null(field$type)) "string" else field$type
  format <- if (is.null(field$format)) "default" else field$format
  switch(type,
    string = col_character(),
    integer = col_integer(),
    number = col_double(),
    boolean = col_logical(),
    date = if (format %in% c("default", "any")) col_date(format = "%Y-%m-%d") else col_date(format = format),
    datetime = col_datetime(),
    time = col_time(),
    year = col_integer(),
    {
      message("note: field ", field$name, " has type ", type, "; read as character")
      col_character()
    }
  )
}

# Data records in a CSV, without a CSV parser: a line feed ends a record only
# when an even number of quote characters precede it (RFC 4180 doubles quotes
# inside quoted cells, so parity tells inside from outside).
count_data_lines <- function(path) {
  size <- file.size(path)
  if (size == 0) return(0L)
  bytes <- readBin(path, "raw", n = size)
  text <- rawToChar(bytes)
  positions <- function(pattern) {
    found <- gregexpr(pattern, text, fixed = TRUE, useBytes = TRUE)[[1]]
    if (found[1] == -1) integer(0) else as.integer(found)
  }
  quotes <- positions("\"")
  newlines <- positions("\n")
  record_ends <- sum(findInterval(newlines, quotes) %% 2 == 0)
  if (bytes[size] != as.raw(10L)) {
    record_ends <- record_ends + 1L # last record without a final line feed
  }
  as.integer(record_ends - 1L) # minus the header
}

read_schema <- function(schema) {
  if (is.character(schema)) fromJSON(file.path(base_dir, schema), simplifyVector = FALSE) else schema
}

tables <- list()
for (resource in package$resources) {
  if (!identical(resource$format, "csv")) next
  name <- resource$name
  path <- file.path(base_dir, resource$path)
  schema <- read_schema(resource$schema)
  fields <- schema$fields
  field_names <- vapply(fields, function(f) f$name, character(1))
  collectors <- setNames(lapply(fields, collector_for), field_names)
  missing_values <- if (is.null(schema$missingValues)) "" else unlist(schema$missingValues)

  # readr's own warning about parsing problems is replaced by the check below.
  data <- suppressWarnings(read_csv(
    path,
    col_types = do.call(cols, c(collectors, list(.default = col_character()))),
    na = missing_values,
    locale = locale(encoding = "UTF-8"),
    trim_ws = FALSE,
    progress = FALSE
  ))
  tables[[name]] <- data

  problems_found <- problems(data)
  if (nrow(problems_found) > 0) {
    first <- problems_found[1, ]
    fail(name, ": ", nrow(problems_found), " parsing problems, first at line ", first$row, " column ", first$col,
         ": expected ", first$expected, ", got '", first$actual, "'")
  }
  data_lines <- count_data_lines(path)
  if (nrow(data) != data_lines) {
    fail(name, ": read ", nrow(data), " rows but the CSV has ", data_lines, " data lines")
  }
  if (!identical(names(data), field_names)) {
    fail(name, ": columns are [", paste(names(data), collapse = ", "), "] but the schema has [",
         paste(field_names, collapse = ", "), "]")
  }
  cat(sprintf("%-20s %6d rows, %2d columns\n", name, nrow(data), ncol(data)))
}

if (is.null(tables$claims) || is.null(tables$articles)) {
  fail("the package has no csv resource named claims or articles")
} else {
  claims <- tables$claims
  articles <- tables$articles[, c("article_id", "outlet", "text")]
  joined <- merge(claims, articles, by = "article_id", all.x = TRUE, sort = FALSE)
  orphans <- joined$claim_id[is.na(joined$outlet)]
  if (length(orphans) > 0) {
    fail(length(orphans), " claims have an article_id not in articles: ", paste(head(orphans, 5), collapse = ", "))
  }
  found <- joined[!is.na(joined$outlet), ]
  spans <- substr(found$text, found$char_start + 1L, found$char_end)
  mismatched <- found$claim_id[is.na(spans) | spans != found$quote]
  if (length(mismatched) > 0) {
    fail(length(mismatched), " claim quotes differ from their span of articles.text: ",
         paste(head(mismatched, 5), collapse = ", "))
  }
  cat(sprintf("\nclaims joined to articles: %d of %d claims found their article\n", nrow(found), nrow(claims)))
  cat(sprintf("claim quotes equal to their span of articles.text: %d of %d\n",
              nrow(found) - length(mismatched), nrow(found)))
  cat("\nclaims per outlet:\n")
  per_outlet <- table(found$outlet)
  for (outlet in names(per_outlet)) cat(sprintf("  %-20s %4d\n", outlet, per_outlet[[outlet]]))
}

if (length(failures) > 0) {
  message("\nFAILED: ", length(failures), " check(s)")
  for (failure in failures) message("  - ", failure)
  quit(status = 1)
}
cat("\nOK: every check passed\n")
