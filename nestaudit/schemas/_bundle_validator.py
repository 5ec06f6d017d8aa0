# Generated from nestaudit/schemas/bundle.schema.json by fastjsonschema.compile_to_code
# (tools/regenerate.py); do not edit. tests/test_regenerate.py fails when it is out of step
# with the schema; regenerate with python tools/regenerate.py.
VERSION = "2.22.3"
from decimal import Decimal
import re
from nestaudit.schemas import Invalid as JsonSchemaValueException
from nestaudit.schemas import Invalid as JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$': re.compile('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z\\Z'),
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$': re.compile('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\Z'),
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$': re.compile('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\\Z'),
    '^/': re.compile('^/'),
    '^[0-7]{4}$': re.compile('^[0-7]{4}\\Z'),
    '^[A-Za-z0-9+/]*={0,2}$': re.compile('^[A-Za-z0-9+/]*={0,2}\\Z')
}

NoneType = type(None)

def validate_https___nestaudit_invalid_schemas_bundle_1_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://nestaudit.invalid/schemas/bundle-1.json', 'title': 'nestaudit bundle (schema version 1)', 'description': 'Raw evidence collected from one host: file contents keyed by host path, directory listings, stat records and command outputs, each with its probe status. It interprets nothing.', 'type': 'object', 'required': ['schema_version', 'kind', 'collector', 'collected_at', 'source', 'as_root', 'host', 'files', 'dirs', 'stats', 'commands'], 'additionalProperties': False, 'properties': {'schema_version': {'const': 1}, 'kind': {'const': 'nestaudit-bundle'}, 'collector': {'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'type': 'string'}, 'version': {'type': 'string'}, 'python': {'type': 'string'}}}, 'collected_at': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'}, 'source': {'type': 'object', 'required': ['type', 'path'], 'properties': {'type': {'enum': ['live', 'root', 'sosreport']}, 'path': {'type': ['string', 'null']}, 'lacking': {'type': 'array', 'items': {'type': 'string'}}, 'sos': {'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}}}, 'as_root': {'type': ['boolean', 'null']}, 'escaped_names': {'description': "Strings (file names, paths, link targets) that held bytes which are not UTF-8, as stored: each such byte written as \\xNN and each backslash as \\\\. Only the strings listed here are escaped; unescaping one gives the name's bytes.", 'type': 'array', 'items': {'type': 'string'}}, 'host': {'type': 'object', 'required': ['hostname', 'arch', 'kernel'], 'properties': {'hostname': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}, 'kernel': {'type': ['string', 'null']}}}, 'files': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}}, 'dirs': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}}, 'stats': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}}, 'commands': {'type': 'object', 'additionalProperties': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}, 'redaction': {'type': 'object'}}, '$defs': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'file': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}, 'dir': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}, 'stat': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}, 'command': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['schema_version', 'kind', 'collector', 'collected_at', 'source', 'as_root', 'host', 'files', 'dirs', 'stats', 'commands']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://nestaudit.invalid/schemas/bundle-1.json', 'title': 'nestaudit bundle (schema version 1)', 'description': 'Raw evidence collected from one host: file contents keyed by host path, directory listings, stat records and command outputs, each with its probe status. It interprets nothing.', 'type': 'object', 'required': ['schema_version', 'kind', 'collector', 'collected_at', 'source', 'as_root', 'host', 'files', 'dirs', 'stats', 'commands'], 'additionalProperties': False, 'properties': {'schema_version': {'const': 1}, 'kind': {'const': 'nestaudit-bundle'}, 'collector': {'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'type': 'string'}, 'version': {'type': 'string'}, 'python': {'type': 'string'}}}, 'collected_at': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'}, 'source': {'type': 'object', 'required': ['type', 'path'], 'properties': {'type': {'enum': ['live', 'root', 'sosreport']}, 'path': {'type': ['string', 'null']}, 'lacking': {'type': 'array', 'items': {'type': 'string'}}, 'sos': {'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}}}, 'as_root': {'type': ['boolean', 'null']}, 'escaped_names': {'description': "Strings (file names, paths, link targets) that held bytes which are not UTF-8, as stored: each such byte written as \\xNN and each backslash as \\\\. Only the strings listed here are escaped; unescaping one gives the name's bytes.", 'type': 'array', 'items': {'type': 'string'}}, 'host': {'type': 'object', 'required': ['hostname', 'arch', 'kernel'], 'properties': {'hostname': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}, 'kernel': {'type': ['string', 'null']}}}, 'files': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}}, 'dirs': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}}, 'stats': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}}, 'commands': {'type': 'object', 'additionalProperties': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}, 'redaction': {'type': 'object'}}, '$defs': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'file': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}, 'dir': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}, 'stat': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}, 'command': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}}, rule='required')
        data_keys = set(data.keys())
        if "schema_version" in data_keys:
            data_keys.remove("schema_version")
            data__schemaversion = data["schema_version"]
            if not (isinstance(data__schemaversion, (int, float)) and not isinstance(data__schemaversion, bool) and data__schemaversion == 1):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".schema_version must be same as const definition: 1", value=data__schemaversion, name="" + (name_prefix or "data") + ".schema_version", definition={'const': 1}, rule='const')
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'nestaudit-bundle'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be same as const definition: nestaudit-bundle", value=data__kind, name="" + (name_prefix or "data") + ".kind", definition={'const': 'nestaudit-bundle'}, rule='const')
        if "collector" in data_keys:
            data_keys.remove("collector")
            data__collector = data["collector"]
            if not isinstance(data__collector, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".collector must be object", value=data__collector, name="" + (name_prefix or "data") + ".collector", definition={'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'type': 'string'}, 'version': {'type': 'string'}, 'python': {'type': 'string'}}}, rule='type')
            data__collector_is_dict = isinstance(data__collector, dict)
            if data__collector_is_dict:
                data__collector__missing_keys = set(['name', 'version']) - data__collector.keys()
                if data__collector__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".collector must contain " + (str(sorted(data__collector__missing_keys)) + " properties"), value=data__collector, name="" + (name_prefix or "data") + ".collector", definition={'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'type': 'string'}, 'version': {'type': 'string'}, 'python': {'type': 'string'}}}, rule='required')
                data__collector_keys = set(data__collector.keys())
                if "name" in data__collector_keys:
                    data__collector_keys.remove("name")
                    data__collector__name = data__collector["name"]
                    if not isinstance(data__collector__name, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".collector.name must be string", value=data__collector__name, name="" + (name_prefix or "data") + ".collector.name", definition={'type': 'string'}, rule='type')
                if "version" in data__collector_keys:
                    data__collector_keys.remove("version")
                    data__collector__version = data__collector["version"]
                    if not isinstance(data__collector__version, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".collector.version must be string", value=data__collector__version, name="" + (name_prefix or "data") + ".collector.version", definition={'type': 'string'}, rule='type')
                if "python" in data__collector_keys:
                    data__collector_keys.remove("python")
                    data__collector__python = data__collector["python"]
                    if not isinstance(data__collector__python, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".collector.python must be string", value=data__collector__python, name="" + (name_prefix or "data") + ".collector.python", definition={'type': 'string'}, rule='type')
        if "collected_at" in data_keys:
            data_keys.remove("collected_at")
            data__collectedat = data["collected_at"]
            if not isinstance(data__collectedat, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".collected_at must be string", value=data__collectedat, name="" + (name_prefix or "data") + ".collected_at", definition={'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'}, rule='type')
            if isinstance(data__collectedat, str):
                if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'].search(data__collectedat):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".collected_at must match pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$", value=data__collectedat, name="" + (name_prefix or "data") + ".collected_at", definition={'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'}, rule='pattern')
        if "source" in data_keys:
            data_keys.remove("source")
            data__source = data["source"]
            if not isinstance(data__source, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source must be object", value=data__source, name="" + (name_prefix or "data") + ".source", definition={'type': 'object', 'required': ['type', 'path'], 'properties': {'type': {'enum': ['live', 'root', 'sosreport']}, 'path': {'type': ['string', 'null']}, 'lacking': {'type': 'array', 'items': {'type': 'string'}}, 'sos': {'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}}}, rule='type')
            data__source_is_dict = isinstance(data__source, dict)
            if data__source_is_dict:
                data__source__missing_keys = set(['type', 'path']) - data__source.keys()
                if data__source__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".source must contain " + (str(sorted(data__source__missing_keys)) + " properties"), value=data__source, name="" + (name_prefix or "data") + ".source", definition={'type': 'object', 'required': ['type', 'path'], 'properties': {'type': {'enum': ['live', 'root', 'sosreport']}, 'path': {'type': ['string', 'null']}, 'lacking': {'type': 'array', 'items': {'type': 'string'}}, 'sos': {'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}}}, rule='required')
                data__source_keys = set(data__source.keys())
                if "type" in data__source_keys:
                    data__source_keys.remove("type")
                    data__source__type = data__source["type"]
                    if not (isinstance(data__source__type, str) and data__source__type == 'live' or isinstance(data__source__type, str) and data__source__type == 'root' or isinstance(data__source__type, str) and data__source__type == 'sosreport'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.type must be one of ['live', 'root', 'sosreport']", value=data__source__type, name="" + (name_prefix or "data") + ".source.type", definition={'enum': ['live', 'root', 'sosreport']}, rule='enum')
                if "path" in data__source_keys:
                    data__source_keys.remove("path")
                    data__source__path = data__source["path"]
                    if not isinstance(data__source__path, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.path must be string or null", value=data__source__path, name="" + (name_prefix or "data") + ".source.path", definition={'type': ['string', 'null']}, rule='type')
                if "lacking" in data__source_keys:
                    data__source_keys.remove("lacking")
                    data__source__lacking = data__source["lacking"]
                    if not isinstance(data__source__lacking, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.lacking must be array", value=data__source__lacking, name="" + (name_prefix or "data") + ".source.lacking", definition={'type': 'array', 'items': {'type': 'string'}}, rule='type')
                    data__source__lacking_is_list = isinstance(data__source__lacking, (list, tuple))
                    if data__source__lacking_is_list:
                        data__source__lacking_len = len(data__source__lacking)
                        for data__source__lacking_x, data__source__lacking_item in enumerate(data__source__lacking):
                            if not isinstance(data__source__lacking_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.lacking[{data__source__lacking_x}]".format(**locals()) + " must be string", value=data__source__lacking_item, name="" + (name_prefix or "data") + ".source.lacking[{data__source__lacking_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                if "sos" in data__source_keys:
                    data__source_keys.remove("sos")
                    data__source__sos = data__source["sos"]
                    if not isinstance(data__source__sos, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos must be object", value=data__source__sos, name="" + (name_prefix or "data") + ".source.sos", definition={'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}, rule='type')
                    data__source__sos_is_dict = isinstance(data__source__sos, dict)
                    if data__source__sos_is_dict:
                        data__source__sos__missing_keys = set(['version', 'started_local', 'collected_at', 'plugins']) - data__source__sos.keys()
                        if data__source__sos__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos must contain " + (str(sorted(data__source__sos__missing_keys)) + " properties"), value=data__source__sos, name="" + (name_prefix or "data") + ".source.sos", definition={'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}, rule='required')
                        data__source__sos_keys = set(data__source__sos.keys())
                        if "version" in data__source__sos_keys:
                            data__source__sos_keys.remove("version")
                            data__source__sos__version = data__source__sos["version"]
                            if not isinstance(data__source__sos__version, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.version must be string or null", value=data__source__sos__version, name="" + (name_prefix or "data") + ".source.sos.version", definition={'type': ['string', 'null']}, rule='type')
                        if "started_local" in data__source__sos_keys:
                            data__source__sos_keys.remove("started_local")
                            data__source__sos__startedlocal = data__source__sos["started_local"]
                            if not isinstance(data__source__sos__startedlocal, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.started_local must be string or null", value=data__source__sos__startedlocal, name="" + (name_prefix or "data") + ".source.sos.started_local", definition={'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, rule='type')
                            if isinstance(data__source__sos__startedlocal, str):
                                if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'].search(data__source__sos__startedlocal):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.started_local must match pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$", value=data__source__sos__startedlocal, name="" + (name_prefix or "data") + ".source.sos.started_local", definition={'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, rule='pattern')
                        if "collected_at" in data__source__sos_keys:
                            data__source__sos_keys.remove("collected_at")
                            data__source__sos__collectedat = data__source__sos["collected_at"]
                            if not isinstance(data__source__sos__collectedat, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.collected_at must be string or null", value=data__source__sos__collectedat, name="" + (name_prefix or "data") + ".source.sos.collected_at", definition={'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, rule='type')
                            if isinstance(data__source__sos__collectedat, str):
                                if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'].search(data__source__sos__collectedat):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.collected_at must match pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", value=data__source__sos__collectedat, name="" + (name_prefix or "data") + ".source.sos.collected_at", definition={'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, rule='pattern')
                        if "plugins" in data__source__sos_keys:
                            data__source__sos_keys.remove("plugins")
                            data__source__sos__plugins = data__source__sos["plugins"]
                            if not isinstance(data__source__sos__plugins, (list, tuple, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.plugins must be array or null", value=data__source__sos__plugins, name="" + (name_prefix or "data") + ".source.sos.plugins", definition={'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}, rule='type')
                            data__source__sos__plugins_is_list = isinstance(data__source__sos__plugins, (list, tuple))
                            if data__source__sos__plugins_is_list:
                                data__source__sos__plugins_len = len(data__source__sos__plugins)
                                for data__source__sos__plugins_x, data__source__sos__plugins_item in enumerate(data__source__sos__plugins):
                                    if not isinstance(data__source__sos__plugins_item, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos.plugins[{data__source__sos__plugins_x}]".format(**locals()) + " must be string", value=data__source__sos__plugins_item, name="" + (name_prefix or "data") + ".source.sos.plugins[{data__source__sos__plugins_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if data__source__sos_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".source.sos must not contain "+str(data__source__sos_keys)+" properties", value=data__source__sos, name="" + (name_prefix or "data") + ".source.sos", definition={'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}, rule='additionalProperties')
        if "as_root" in data_keys:
            data_keys.remove("as_root")
            data__asroot = data["as_root"]
            if not isinstance(data__asroot, (bool, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".as_root must be boolean or null", value=data__asroot, name="" + (name_prefix or "data") + ".as_root", definition={'type': ['boolean', 'null']}, rule='type')
        if "escaped_names" in data_keys:
            data_keys.remove("escaped_names")
            data__escapednames = data["escaped_names"]
            if not isinstance(data__escapednames, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".escaped_names must be array", value=data__escapednames, name="" + (name_prefix or "data") + ".escaped_names", definition={'description': "Strings (file names, paths, link targets) that held bytes which are not UTF-8, as stored: each such byte written as \\xNN and each backslash as \\\\. Only the strings listed here are escaped; unescaping one gives the name's bytes.", 'type': 'array', 'items': {'type': 'string'}}, rule='type')
            data__escapednames_is_list = isinstance(data__escapednames, (list, tuple))
            if data__escapednames_is_list:
                data__escapednames_len = len(data__escapednames)
                for data__escapednames_x, data__escapednames_item in enumerate(data__escapednames):
                    if not isinstance(data__escapednames_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".escaped_names[{data__escapednames_x}]".format(**locals()) + " must be string", value=data__escapednames_item, name="" + (name_prefix or "data") + ".escaped_names[{data__escapednames_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "host" in data_keys:
            data_keys.remove("host")
            data__host = data["host"]
            if not isinstance(data__host, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".host must be object", value=data__host, name="" + (name_prefix or "data") + ".host", definition={'type': 'object', 'required': ['hostname', 'arch', 'kernel'], 'properties': {'hostname': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}, 'kernel': {'type': ['string', 'null']}}}, rule='type')
            data__host_is_dict = isinstance(data__host, dict)
            if data__host_is_dict:
                data__host__missing_keys = set(['hostname', 'arch', 'kernel']) - data__host.keys()
                if data__host__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".host must contain " + (str(sorted(data__host__missing_keys)) + " properties"), value=data__host, name="" + (name_prefix or "data") + ".host", definition={'type': 'object', 'required': ['hostname', 'arch', 'kernel'], 'properties': {'hostname': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}, 'kernel': {'type': ['string', 'null']}}}, rule='required')
                data__host_keys = set(data__host.keys())
                if "hostname" in data__host_keys:
                    data__host_keys.remove("hostname")
                    data__host__hostname = data__host["hostname"]
                    if not isinstance(data__host__hostname, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".host.hostname must be string or null", value=data__host__hostname, name="" + (name_prefix or "data") + ".host.hostname", definition={'type': ['string', 'null']}, rule='type')
                if "arch" in data__host_keys:
                    data__host_keys.remove("arch")
                    data__host__arch = data__host["arch"]
                    if not isinstance(data__host__arch, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".host.arch must be string or null", value=data__host__arch, name="" + (name_prefix or "data") + ".host.arch", definition={'type': ['string', 'null']}, rule='type')
                if "kernel" in data__host_keys:
                    data__host_keys.remove("kernel")
                    data__host__kernel = data__host["kernel"]
                    if not isinstance(data__host__kernel, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".host.kernel must be string or null", value=data__host__kernel, name="" + (name_prefix or "data") + ".host.kernel", definition={'type': ['string', 'null']}, rule='type')
        if "files" in data_keys:
            data_keys.remove("files")
            data__files = data["files"]
            if not isinstance(data__files, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".files must be object", value=data__files, name="" + (name_prefix or "data") + ".files", definition={'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}}, rule='type')
            data__files_is_dict = isinstance(data__files, dict)
            if data__files_is_dict:
                data__files_keys = set(data__files.keys())
                for data__files_key in data__files_keys:
                    if data__files_key not in []:
                        data__files_value = data__files.get(data__files_key)
                        validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_file(data__files_value, custom_formats, (name_prefix or "data") + ".files.{data__files_key}".format(**locals()))
                data__files_len = len(data__files)
                if data__files_len != 0:
                    data__files_property_names = True
                    for data__files_key in data__files:
                        try:
                            if isinstance(data__files_key, str):
                                if not REGEX_PATTERNS['^/'].search(data__files_key):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".files must match pattern ^/", value=data__files_key, name="" + (name_prefix or "data") + ".files", definition={'pattern': '^/'}, rule='pattern')
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__files_property_names = False
                    if not data__files_property_names:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".files must be named by propertyName definition", value=data__files, name="" + (name_prefix or "data") + ".files", definition={'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}}, rule='propertyNames')
        if "dirs" in data_keys:
            data_keys.remove("dirs")
            data__dirs = data["dirs"]
            if not isinstance(data__dirs, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".dirs must be object", value=data__dirs, name="" + (name_prefix or "data") + ".dirs", definition={'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}}, rule='type')
            data__dirs_is_dict = isinstance(data__dirs, dict)
            if data__dirs_is_dict:
                data__dirs_keys = set(data__dirs.keys())
                for data__dirs_key in data__dirs_keys:
                    if data__dirs_key not in []:
                        data__dirs_value = data__dirs.get(data__dirs_key)
                        validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_dir(data__dirs_value, custom_formats, (name_prefix or "data") + ".dirs.{data__dirs_key}".format(**locals()))
                data__dirs_len = len(data__dirs)
                if data__dirs_len != 0:
                    data__dirs_property_names = True
                    for data__dirs_key in data__dirs:
                        try:
                            if isinstance(data__dirs_key, str):
                                if not REGEX_PATTERNS['^/'].search(data__dirs_key):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".dirs must match pattern ^/", value=data__dirs_key, name="" + (name_prefix or "data") + ".dirs", definition={'pattern': '^/'}, rule='pattern')
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__dirs_property_names = False
                    if not data__dirs_property_names:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".dirs must be named by propertyName definition", value=data__dirs, name="" + (name_prefix or "data") + ".dirs", definition={'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}}, rule='propertyNames')
        if "stats" in data_keys:
            data_keys.remove("stats")
            data__stats = data["stats"]
            if not isinstance(data__stats, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stats must be object", value=data__stats, name="" + (name_prefix or "data") + ".stats", definition={'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}}, rule='type')
            data__stats_is_dict = isinstance(data__stats, dict)
            if data__stats_is_dict:
                data__stats_keys = set(data__stats.keys())
                for data__stats_key in data__stats_keys:
                    if data__stats_key not in []:
                        data__stats_value = data__stats.get(data__stats_key)
                        validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_stat(data__stats_value, custom_formats, (name_prefix or "data") + ".stats.{data__stats_key}".format(**locals()))
                data__stats_len = len(data__stats)
                if data__stats_len != 0:
                    data__stats_property_names = True
                    for data__stats_key in data__stats:
                        try:
                            if isinstance(data__stats_key, str):
                                if not REGEX_PATTERNS['^/'].search(data__stats_key):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".stats must match pattern ^/", value=data__stats_key, name="" + (name_prefix or "data") + ".stats", definition={'pattern': '^/'}, rule='pattern')
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__stats_property_names = False
                    if not data__stats_property_names:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".stats must be named by propertyName definition", value=data__stats, name="" + (name_prefix or "data") + ".stats", definition={'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}}, rule='propertyNames')
        if "commands" in data_keys:
            data_keys.remove("commands")
            data__commands = data["commands"]
            if not isinstance(data__commands, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".commands must be object", value=data__commands, name="" + (name_prefix or "data") + ".commands", definition={'type': 'object', 'additionalProperties': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}, rule='type')
            data__commands_is_dict = isinstance(data__commands, dict)
            if data__commands_is_dict:
                data__commands_keys = set(data__commands.keys())
                for data__commands_key in data__commands_keys:
                    if data__commands_key not in []:
                        data__commands_value = data__commands.get(data__commands_key)
                        validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_command(data__commands_value, custom_formats, (name_prefix or "data") + ".commands.{data__commands_key}".format(**locals()))
        if "redaction" in data_keys:
            data_keys.remove("redaction")
            data__redaction = data["redaction"]
            if not isinstance(data__redaction, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".redaction must be object", value=data__redaction, name="" + (name_prefix or "data") + ".redaction", definition={'type': 'object'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://nestaudit.invalid/schemas/bundle-1.json', 'title': 'nestaudit bundle (schema version 1)', 'description': 'Raw evidence collected from one host: file contents keyed by host path, directory listings, stat records and command outputs, each with its probe status. It interprets nothing.', 'type': 'object', 'required': ['schema_version', 'kind', 'collector', 'collected_at', 'source', 'as_root', 'host', 'files', 'dirs', 'stats', 'commands'], 'additionalProperties': False, 'properties': {'schema_version': {'const': 1}, 'kind': {'const': 'nestaudit-bundle'}, 'collector': {'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'type': 'string'}, 'version': {'type': 'string'}, 'python': {'type': 'string'}}}, 'collected_at': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'}, 'source': {'type': 'object', 'required': ['type', 'path'], 'properties': {'type': {'enum': ['live', 'root', 'sosreport']}, 'path': {'type': ['string', 'null']}, 'lacking': {'type': 'array', 'items': {'type': 'string'}}, 'sos': {'description': "What a sosreport records of its own run: the sos version, the plugins that ran, the start time as sos wrote it (the host's local time) and that time in UTC when the sosreport shows the host's offset; null where it does not say. For a sosreport, the top-level collected_at is this collected_at when known, else the time the bundle was made, which is not when the evidence was taken.", 'type': 'object', 'required': ['version', 'started_local', 'collected_at', 'plugins'], 'additionalProperties': False, 'properties': {'version': {'type': ['string', 'null']}, 'started_local': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'}, 'collected_at': {'type': ['string', 'null'], 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'}, 'plugins': {'description': 'the sos plugins that ran, from the manifest or version.txt', 'type': ['array', 'null'], 'items': {'type': 'string'}}}}}}, 'as_root': {'type': ['boolean', 'null']}, 'escaped_names': {'description': "Strings (file names, paths, link targets) that held bytes which are not UTF-8, as stored: each such byte written as \\xNN and each backslash as \\\\. Only the strings listed here are escaped; unescaping one gives the name's bytes.", 'type': 'array', 'items': {'type': 'string'}}, 'host': {'type': 'object', 'required': ['hostname', 'arch', 'kernel'], 'properties': {'hostname': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}, 'kernel': {'type': ['string', 'null']}}}, 'files': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}}, 'dirs': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}}, 'stats': {'type': 'object', 'propertyNames': {'pattern': '^/'}, 'additionalProperties': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}}, 'commands': {'type': 'object', 'additionalProperties': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'$ref': 'https://nestaudit.invalid/schemas/bundle-1.json#/$defs/status'}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}, 'redaction': {'type': 'object'}}, '$defs': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'file': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}, 'dir': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}, 'stat': {'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}, 'command': {'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}}}, rule='additionalProperties')
    return data

def validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_command(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['argv', 'status']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}, rule='required')
        data_keys = set(data.keys())
        if "argv" in data_keys:
            data_keys.remove("argv")
            data__argv = data["argv"]
            if not isinstance(data__argv, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".argv must be array", value=data__argv, name="" + (name_prefix or "data") + ".argv", definition={'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='type')
            data__argv_is_list = isinstance(data__argv, (list, tuple))
            if data__argv_is_list:
                data__argv_len = len(data__argv)
                if data__argv_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".argv must contain at least 1 items", value=data__argv, name="" + (name_prefix or "data") + ".argv", definition={'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='minItems')
                for data__argv_x, data__argv_item in enumerate(data__argv):
                    if not isinstance(data__argv_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".argv[{data__argv_x}]".format(**locals()) + " must be string", value=data__argv_item, name="" + (name_prefix or "data") + ".argv[{data__argv_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_status(data__status, custom_formats, (name_prefix or "data") + ".status")
        if "reason" in data_keys:
            data_keys.remove("reason")
            data__reason = data["reason"]
            if not isinstance(data__reason, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be string", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'type': 'string'}, rule='type')
        if "exit_code" in data_keys:
            data_keys.remove("exit_code")
            data__exitcode = data["exit_code"]
            if not isinstance(data__exitcode, (int)) and not (isinstance(data__exitcode, float) and data__exitcode.is_integer()) or isinstance(data__exitcode, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".exit_code must be integer", value=data__exitcode, name="" + (name_prefix or "data") + ".exit_code", definition={'type': 'integer'}, rule='type')
        if "stdout" in data_keys:
            data_keys.remove("stdout")
            data__stdout = data["stdout"]
            if not isinstance(data__stdout, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stdout must be string", value=data__stdout, name="" + (name_prefix or "data") + ".stdout", definition={'type': 'string'}, rule='type')
        if "stderr" in data_keys:
            data_keys.remove("stderr")
            data__stderr = data["stderr"]
            if not isinstance(data__stderr, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stderr must be string", value=data__stderr, name="" + (name_prefix or "data") + ".stderr", definition={'type': 'string'}, rule='type')
        if "duration" in data_keys:
            data_keys.remove("duration")
            data__duration = data["duration"]
            if not isinstance(data__duration, (int, float, Decimal)) or isinstance(data__duration, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".duration must be number", value=data__duration, name="" + (name_prefix or "data") + ".duration", definition={'type': 'number', 'minimum': 0}, rule='type')
            if isinstance(data__duration, (int, float, Decimal)) and not isinstance(data__duration, bool):
                if data__duration < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".duration must be bigger than or equal to 0", value=data__duration, name="" + (name_prefix or "data") + ".duration", definition={'type': 'number', 'minimum': 0}, rule='minimum')
        if "source" in data_keys:
            data_keys.remove("source")
            data__source = data["source"]
            if not isinstance(data__source, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source must be string", value=data__source, name="" + (name_prefix or "data") + ".source", definition={'type': 'string'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['argv', 'status'], 'additionalProperties': False, 'properties': {'argv': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'exit_code': {'type': 'integer'}, 'stdout': {'type': 'string'}, 'stderr': {'type': 'string'}, 'duration': {'type': 'number', 'minimum': 0}, 'source': {'type': 'string'}}}, rule='additionalProperties')
    return data

def validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_status(data, custom_formats={}, name_prefix=None):
    if not (isinstance(data, str) and data == 'ok' or isinstance(data, str) and data == 'missing' or isinstance(data, str) and data == 'denied' or isinstance(data, str) and data == 'timeout' or isinstance(data, str) and data == 'too_large' or isinstance(data, str) and data == 'not_regular' or isinstance(data, str) and data == 'error'):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be one of ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']", value=data, name="" + (name_prefix or "data") + "", definition={'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, rule='enum')
    return data

def validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_stat(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['status']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}, rule='required')
        data_keys = set(data.keys())
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_status(data__status, custom_formats, (name_prefix or "data") + ".status")
        if "reason" in data_keys:
            data_keys.remove("reason")
            data__reason = data["reason"]
            if not isinstance(data__reason, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be string", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'type': 'string'}, rule='type')
        if "type" in data_keys:
            data_keys.remove("type")
            data__type = data["type"]
            if not (isinstance(data__type, str) and data__type == 'file' or isinstance(data__type, str) and data__type == 'directory' or isinstance(data__type, str) and data__type == 'char' or isinstance(data__type, str) and data__type == 'block' or isinstance(data__type, str) and data__type == 'fifo' or isinstance(data__type, str) and data__type == 'socket' or isinstance(data__type, str) and data__type == 'other'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".type must be one of ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']", value=data__type, name="" + (name_prefix or "data") + ".type", definition={'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, rule='enum')
        if "mode" in data_keys:
            data_keys.remove("mode")
            data__mode = data["mode"]
            if not isinstance(data__mode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mode must be string", value=data__mode, name="" + (name_prefix or "data") + ".mode", definition={'type': 'string', 'pattern': '^[0-7]{4}$'}, rule='type')
            if isinstance(data__mode, str):
                if not REGEX_PATTERNS['^[0-7]{4}$'].search(data__mode):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".mode must match pattern ^[0-7]{4}$", value=data__mode, name="" + (name_prefix or "data") + ".mode", definition={'type': 'string', 'pattern': '^[0-7]{4}$'}, rule='pattern')
        if "rdev" in data_keys:
            data_keys.remove("rdev")
            data__rdev = data["rdev"]
            if not isinstance(data__rdev, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rdev must be string", value=data__rdev, name="" + (name_prefix or "data") + ".rdev", definition={'type': 'string'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'type': {'enum': ['file', 'directory', 'char', 'block', 'fifo', 'socket', 'other']}, 'mode': {'type': 'string', 'pattern': '^[0-7]{4}$'}, 'rdev': {'type': 'string'}}}, rule='additionalProperties')
    return data

def validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_dir(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}, rule='type')
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "status" in data_keys:
                data_keys.remove("status")
                data__status = data["status"]
                if not (isinstance(data__status, str) and data__status == 'ok'):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be same as const definition: ok", value=data__status, name="" + (name_prefix or "data") + ".status", definition={'const': 'ok'}, rule='const')
    except (JsonSchemaValueException, JsonSchemaValuesException):
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['reason']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['reason']}, rule='required')
    else:
        data_one_of_count1 = 0
        if data_one_of_count1 < 2:
            try:
                data_is_dict = isinstance(data, dict)
                if data_is_dict:
                    data__missing_keys = set(['entries']) - data.keys()
                    if data__missing_keys:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['entries']}, rule='required')
                data_one_of_count1 += 1
            except (JsonSchemaValueException, JsonSchemaValuesException): pass
        if data_one_of_count1 < 2:
            try:
                data_is_dict = isinstance(data, dict)
                if data_is_dict:
                    data__missing_keys = set(['alias_of']) - data.keys()
                    if data__missing_keys:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['alias_of']}, rule='required')
                data_one_of_count1 += 1
            except (JsonSchemaValueException, JsonSchemaValuesException): pass
        if data_one_of_count1 != 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition" + (" (" + str(data_one_of_count1) + " matches found)"), value=data, name="" + (name_prefix or "data") + "", definition={'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, rule='oneOf')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['status']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}, rule='required')
        data_keys = set(data.keys())
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_status(data__status, custom_formats, (name_prefix or "data") + ".status")
        if "reason" in data_keys:
            data_keys.remove("reason")
            data__reason = data["reason"]
            if not isinstance(data__reason, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be string", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'type': 'string'}, rule='type')
        if "entries" in data_keys:
            data_keys.remove("entries")
            data__entries = data["entries"]
            if not isinstance(data__entries, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".entries must be array", value=data__entries, name="" + (name_prefix or "data") + ".entries", definition={'type': 'array', 'items': {'type': 'string'}}, rule='type')
            data__entries_is_list = isinstance(data__entries, (list, tuple))
            if data__entries_is_list:
                data__entries_len = len(data__entries)
                for data__entries_x, data__entries_item in enumerate(data__entries):
                    if not isinstance(data__entries_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".entries[{data__entries_x}]".format(**locals()) + " must be string", value=data__entries_item, name="" + (name_prefix or "data") + ".entries[{data__entries_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "resolved" in data_keys:
            data_keys.remove("resolved")
            data__resolved = data["resolved"]
            if not isinstance(data__resolved, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resolved must be string", value=data__resolved, name="" + (name_prefix or "data") + ".resolved", definition={'type': 'string', 'pattern': '^/'}, rule='type')
            if isinstance(data__resolved, str):
                if not REGEX_PATTERNS['^/'].search(data__resolved):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".resolved must match pattern ^/", value=data__resolved, name="" + (name_prefix or "data") + ".resolved", definition={'type': 'string', 'pattern': '^/'}, rule='pattern')
        if "alias_of" in data_keys:
            data_keys.remove("alias_of")
            data__aliasof = data["alias_of"]
            if not isinstance(data__aliasof, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".alias_of must be string", value=data__aliasof, name="" + (name_prefix or "data") + ".alias_of", definition={'type': 'string', 'pattern': '^/'}, rule='type')
            if isinstance(data__aliasof, str):
                if not REGEX_PATTERNS['^/'].search(data__aliasof):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".alias_of must match pattern ^/", value=data__aliasof, name="" + (name_prefix or "data") + ".alias_of", definition={'type': 'string', 'pattern': '^/'}, rule='pattern')
        if "type" in data_keys:
            data_keys.remove("type")
            data__type = data["type"]
            if not isinstance(data__type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".type must be string", value=data__type, name="" + (name_prefix or "data") + ".type", definition={'type': 'string'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'entries': {'type': 'array', 'items': {'type': 'string'}}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}}, 'allOf': [{'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['entries']}, {'required': ['alias_of']}]}, 'else': {'required': ['reason']}}]}, rule='additionalProperties')
    return data

def validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_file(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}, rule='type')
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "status" in data_keys:
                data_keys.remove("status")
                data__status = data["status"]
                if not (isinstance(data__status, str) and data__status == 'missing' or isinstance(data__status, str) and data__status == 'denied' or isinstance(data__status, str) and data__status == 'timeout' or isinstance(data__status, str) and data__status == 'not_regular' or isinstance(data__status, str) and data__status == 'error'):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be one of ['missing', 'denied', 'timeout', 'not_regular', 'error']", value=data__status, name="" + (name_prefix or "data") + ".status", definition={'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}, rule='enum')
    except (JsonSchemaValueException, JsonSchemaValuesException):
        pass
    else:
        try:
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data__missing_keys = set(['content']) - data.keys()
                if data__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['content']}, rule='required')
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
        else:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must NOT match a disallowed definition", value=data, name="" + (name_prefix or "data") + "", definition={'required': ['reason'], 'not': {'required': ['content']}}, rule='not')
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['reason']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['reason'], 'not': {'required': ['content']}}, rule='required')
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['content']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['content']}, rule='required')
    except (JsonSchemaValueException, JsonSchemaValuesException):
        pass
    else:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['encoding', 'size']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['encoding', 'size']}, rule='required')
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "status" in data_keys:
                data_keys.remove("status")
                data__status = data["status"]
                if not (isinstance(data__status, str) and data__status == 'ok'):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be same as const definition: ok", value=data__status, name="" + (name_prefix or "data") + ".status", definition={'const': 'ok'}, rule='const')
    except (JsonSchemaValueException, JsonSchemaValuesException):
        pass
    else:
        data_one_of_count2 = 0
        if data_one_of_count2 < 2:
            try:
                data_is_dict = isinstance(data, dict)
                if data_is_dict:
                    data__missing_keys = set(['content']) - data.keys()
                    if data__missing_keys:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['content']}, rule='required')
                data_one_of_count2 += 1
            except (JsonSchemaValueException, JsonSchemaValuesException): pass
        if data_one_of_count2 < 2:
            try:
                data_is_dict = isinstance(data, dict)
                if data_is_dict:
                    data__missing_keys = set(['alias_of']) - data.keys()
                    if data__missing_keys:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['alias_of']}, rule='required')
                data_one_of_count2 += 1
            except (JsonSchemaValueException, JsonSchemaValuesException): pass
        if data_one_of_count2 != 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition" + (" (" + str(data_one_of_count2) + " matches found)"), value=data, name="" + (name_prefix or "data") + "", definition={'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}, rule='oneOf')
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['encoding']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, rule='required')
            data_keys = set(data.keys())
            if "encoding" in data_keys:
                data_keys.remove("encoding")
                data__encoding = data["encoding"]
                if not (isinstance(data__encoding, str) and data__encoding == 'base64'):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".encoding must be same as const definition: base64", value=data__encoding, name="" + (name_prefix or "data") + ".encoding", definition={'const': 'base64'}, rule='const')
    except (JsonSchemaValueException, JsonSchemaValuesException):
        pass
    else:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "content" in data_keys:
                data_keys.remove("content")
                data__content = data["content"]
                if isinstance(data__content, str):
                    if not REGEX_PATTERNS['^[A-Za-z0-9+/]*={0,2}$'].search(data__content):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".content must match pattern ^[A-Za-z0-9+/]*={0,2}$", value=data__content, name="" + (name_prefix or "data") + ".content", definition={'pattern': '^[A-Za-z0-9+/]*={0,2}$'}, rule='pattern')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['status']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}, rule='required')
        data_keys = set(data.keys())
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            validate_https___nestaudit_invalid_schemas_bundle_1_json___defs_status(data__status, custom_formats, (name_prefix or "data") + ".status")
        if "reason" in data_keys:
            data_keys.remove("reason")
            data__reason = data["reason"]
            if not isinstance(data__reason, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be string", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'type': 'string'}, rule='type')
        if "content" in data_keys:
            data_keys.remove("content")
            data__content = data["content"]
            if not isinstance(data__content, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".content must be string", value=data__content, name="" + (name_prefix or "data") + ".content", definition={'type': 'string'}, rule='type')
        if "encoding" in data_keys:
            data_keys.remove("encoding")
            data__encoding = data["encoding"]
            if not (isinstance(data__encoding, str) and data__encoding == 'utf-8' or isinstance(data__encoding, str) and data__encoding == 'base64'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".encoding must be one of ['utf-8', 'base64']", value=data__encoding, name="" + (name_prefix or "data") + ".encoding", definition={'enum': ['utf-8', 'base64']}, rule='enum')
        if "size" in data_keys:
            data_keys.remove("size")
            data__size = data["size"]
            if not isinstance(data__size, (int)) and not (isinstance(data__size, float) and data__size.is_integer()) or isinstance(data__size, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".size must be integer", value=data__size, name="" + (name_prefix or "data") + ".size", definition={'type': 'integer', 'minimum': 0}, rule='type')
            if isinstance(data__size, (int, float, Decimal)) and not isinstance(data__size, bool):
                if data__size < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".size must be bigger than or equal to 0", value=data__size, name="" + (name_prefix or "data") + ".size", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
        if "truncated" in data_keys:
            data_keys.remove("truncated")
            data__truncated = data["truncated"]
            if not isinstance(data__truncated, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".truncated must be boolean", value=data__truncated, name="" + (name_prefix or "data") + ".truncated", definition={'type': 'boolean'}, rule='type')
        if "resolved" in data_keys:
            data_keys.remove("resolved")
            data__resolved = data["resolved"]
            if not isinstance(data__resolved, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resolved must be string", value=data__resolved, name="" + (name_prefix or "data") + ".resolved", definition={'type': 'string', 'pattern': '^/'}, rule='type')
            if isinstance(data__resolved, str):
                if not REGEX_PATTERNS['^/'].search(data__resolved):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".resolved must match pattern ^/", value=data__resolved, name="" + (name_prefix or "data") + ".resolved", definition={'type': 'string', 'pattern': '^/'}, rule='pattern')
        if "alias_of" in data_keys:
            data_keys.remove("alias_of")
            data__aliasof = data["alias_of"]
            if not isinstance(data__aliasof, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".alias_of must be string", value=data__aliasof, name="" + (name_prefix or "data") + ".alias_of", definition={'type': 'string', 'pattern': '^/'}, rule='type')
            if isinstance(data__aliasof, str):
                if not REGEX_PATTERNS['^/'].search(data__aliasof):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".alias_of must match pattern ^/", value=data__aliasof, name="" + (name_prefix or "data") + ".alias_of", definition={'type': 'string', 'pattern': '^/'}, rule='pattern')
        if "type" in data_keys:
            data_keys.remove("type")
            data__type = data["type"]
            if not isinstance(data__type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".type must be string", value=data__type, name="" + (name_prefix or "data") + ".type", definition={'type': 'string'}, rule='type')
        if "filtered" in data_keys:
            data_keys.remove("filtered")
            data__filtered = data["filtered"]
            if not isinstance(data__filtered, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".filtered must be string", value=data__filtered, name="" + (name_prefix or "data") + ".filtered", definition={'type': 'string', 'description': 'only part of the file was kept, and why'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['status'], 'additionalProperties': False, 'properties': {'status': {'enum': ['ok', 'missing', 'denied', 'timeout', 'too_large', 'not_regular', 'error']}, 'reason': {'type': 'string'}, 'content': {'type': 'string'}, 'encoding': {'enum': ['utf-8', 'base64']}, 'size': {'type': 'integer', 'minimum': 0}, 'truncated': {'type': 'boolean'}, 'resolved': {'type': 'string', 'pattern': '^/'}, 'alias_of': {'type': 'string', 'pattern': '^/'}, 'type': {'type': 'string'}, 'filtered': {'type': 'string', 'description': 'only part of the file was kept, and why'}}, 'allOf': [{'if': {'properties': {'status': {'enum': ['missing', 'denied', 'timeout', 'not_regular', 'error']}}}, 'then': {'required': ['reason'], 'not': {'required': ['content']}}}, {'if': {'required': ['content']}, 'then': {'required': ['encoding', 'size']}}, {'if': {'properties': {'status': {'const': 'ok'}}}, 'then': {'oneOf': [{'required': ['content']}, {'required': ['alias_of']}]}}, {'if': {'properties': {'encoding': {'const': 'base64'}}, 'required': ['encoding']}, 'then': {'properties': {'content': {'pattern': '^[A-Za-z0-9+/]*={0,2}$'}}}}]}, rule='additionalProperties')
    return data