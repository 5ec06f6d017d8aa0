# Generated from nestaudit/schemas/report.schema.json by fastjsonschema.compile_to_code
# (tools/regenerate.py); do not edit. tests/test_regenerate.py fails when it is out of step
# with the schema; regenerate with python tools/regenerate.py.
VERSION = "2.22.3"
from decimal import Decimal
import re
from nestaudit.schemas import Invalid as JsonSchemaValueException
from nestaudit.schemas import Invalid as JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': re.compile('^[0-9]{4}-[0-9]{2}-[0-9]{2}\\Z'),
    '^[0-9a-f]{64}$': re.compile('^[0-9a-f]{64}\\Z'),
    'date-time_re_pattern': re.compile('^(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))|(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)(t|T)(?:[01]\\d|2[0-3]):[0-5]\\d:(?:[0-5]\\d|60)(?:\\.\\d+)?(?:[+-](?:[01]\\d|2[0-3]):[0-5]\\d|[+-](?:[01]\\d|2[0-3])[0-5]\\d|z|Z)\\Z'),
    '^[a-z0-9]+(-[a-z0-9]+)*$': re.compile('^[a-z0-9]+(-[a-z0-9]+)*\\Z'),
    '^NV-[A-Z0-9-]+$': re.compile('^NV-[A-Z0-9-]+\\Z'),
    '^/': re.compile('^/')
}

NoneType = type(None)

def validate_https___nestaudit_invalid_schemas_report_1_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://nestaudit.invalid/schemas/report-1.json', 'title': 'nestaudit JSON report (schema version 1)', 'description': 'The fields of spec/report-contract.md keep their names and meanings; more fields may be added.', 'type': 'object', 'required': ['schema_version', 'tool', 'rules', 'hosts', 'chains'], 'properties': {'schema_version': {'const': 1}, 'tool': {'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'const': 'nestaudit'}, 'version': {'type': 'string'}}}, 'rules': {'type': 'object', 'required': ['version', 'doc'], 'properties': {'version': {'type': 'string'}, 'doc': {'type': 'string'}}}, 'hosts': {'type': 'array', 'items': {'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/verdict'}, 'findings': {'type': 'array', 'items': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/finding'}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}}, 'chains': {'type': 'array', 'items': {'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/level'}}, 'verdict': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/verdict'}}}}, 'errors': {'description': 'nestaudit fleet: the inputs that could not be judged', 'type': 'array', 'items': {'type': 'object', 'required': ['input', 'message'], 'additionalProperties': False, 'properties': {'input': {'type': 'string'}, 'message': {'type': 'string'}}}}, 'fleet': {'description': 'nestaudit fleet: the totals over every host', 'type': 'object', 'required': ['inputs', 'hosts', 'errors', 'chains', 'support', 'ready', 'roles', 'limitations', 'exit_code'], 'properties': {'inputs': {'type': 'integer', 'minimum': 0}, 'hosts': {'type': 'integer', 'minimum': 0}, 'errors': {'type': 'integer', 'minimum': 0}, 'chains': {'type': 'integer', 'minimum': 0}, 'support': {'type': 'object', 'propertyNames': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'ready': {'type': 'object', 'required': ['yes', 'no', 'unknown'], 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'roles': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'limitations': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}}, 'fail_on': {'type': 'string'}, 'allow_unknown': {'type': 'boolean'}, 'exit_code': {'enum': [0, 1, 2]}}}, 'waivers': {'description': 'How a waivers file was applied; present only when one was given. Waivers never change a verdict.', 'type': 'object', 'required': ['file', 'as_of', 'applied', 'expired', 'stale', 'note'], 'properties': {'file': {'type': 'string'}, 'as_of': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'applied': {'type': 'integer', 'minimum': 0}, 'expired': {'type': 'integer', 'minimum': 0}, 'stale': {'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'why': {'type': 'string', 'minLength': 1}}}}, 'note': {'type': 'string', 'minLength': 1}}}}, '$defs': {'support': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, 'host': {'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, 'findings': {'type': 'array', 'items': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'$ref': '#/$defs/waiver_note'}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/waiver_note'}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}, 'finding': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}, 'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'waiver_note': {'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'ticket': {'type': ['string', 'null']}}}, 'waivers': {'description': 'How a waivers file was applied; present only when one was given. Waivers never change a verdict.', 'type': 'object', 'required': ['file', 'as_of', 'applied', 'expired', 'stale', 'note'], 'properties': {'file': {'type': 'string'}, 'as_of': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'applied': {'type': 'integer', 'minimum': 0}, 'expired': {'type': 'integer', 'minimum': 0}, 'stale': {'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}}, 'note': {'type': 'string', 'minLength': 1}}}, 'level': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}, 'chain': {'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['schema_version', 'tool', 'rules', 'hosts', 'chains']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://nestaudit.invalid/schemas/report-1.json', 'title': 'nestaudit JSON report (schema version 1)', 'description': 'The fields of spec/report-contract.md keep their names and meanings; more fields may be added.', 'type': 'object', 'required': ['schema_version', 'tool', 'rules', 'hosts', 'chains'], 'properties': {'schema_version': {'const': 1}, 'tool': {'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'const': 'nestaudit'}, 'version': {'type': 'string'}}}, 'rules': {'type': 'object', 'required': ['version', 'doc'], 'properties': {'version': {'type': 'string'}, 'doc': {'type': 'string'}}}, 'hosts': {'type': 'array', 'items': {'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/verdict'}, 'findings': {'type': 'array', 'items': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/finding'}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}}, 'chains': {'type': 'array', 'items': {'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/level'}}, 'verdict': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/verdict'}}}}, 'errors': {'description': 'nestaudit fleet: the inputs that could not be judged', 'type': 'array', 'items': {'type': 'object', 'required': ['input', 'message'], 'additionalProperties': False, 'properties': {'input': {'type': 'string'}, 'message': {'type': 'string'}}}}, 'fleet': {'description': 'nestaudit fleet: the totals over every host', 'type': 'object', 'required': ['inputs', 'hosts', 'errors', 'chains', 'support', 'ready', 'roles', 'limitations', 'exit_code'], 'properties': {'inputs': {'type': 'integer', 'minimum': 0}, 'hosts': {'type': 'integer', 'minimum': 0}, 'errors': {'type': 'integer', 'minimum': 0}, 'chains': {'type': 'integer', 'minimum': 0}, 'support': {'type': 'object', 'propertyNames': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'ready': {'type': 'object', 'required': ['yes', 'no', 'unknown'], 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'roles': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'limitations': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}}, 'fail_on': {'type': 'string'}, 'allow_unknown': {'type': 'boolean'}, 'exit_code': {'enum': [0, 1, 2]}}}, 'waivers': {'description': 'How a waivers file was applied; present only when one was given. Waivers never change a verdict.', 'type': 'object', 'required': ['file', 'as_of', 'applied', 'expired', 'stale', 'note'], 'properties': {'file': {'type': 'string'}, 'as_of': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'applied': {'type': 'integer', 'minimum': 0}, 'expired': {'type': 'integer', 'minimum': 0}, 'stale': {'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'why': {'type': 'string', 'minLength': 1}}}}, 'note': {'type': 'string', 'minLength': 1}}}}, '$defs': {'support': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, 'host': {'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, 'findings': {'type': 'array', 'items': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'$ref': '#/$defs/waiver_note'}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/waiver_note'}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}, 'finding': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}, 'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'waiver_note': {'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'ticket': {'type': ['string', 'null']}}}, 'waivers': {'description': 'How a waivers file was applied; present only when one was given. Waivers never change a verdict.', 'type': 'object', 'required': ['file', 'as_of', 'applied', 'expired', 'stale', 'note'], 'properties': {'file': {'type': 'string'}, 'as_of': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'applied': {'type': 'integer', 'minimum': 0}, 'expired': {'type': 'integer', 'minimum': 0}, 'stale': {'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}}, 'note': {'type': 'string', 'minLength': 1}}}, 'level': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}, 'chain': {'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}}}}}, rule='required')
        data_keys = set(data.keys())
        if "schema_version" in data_keys:
            data_keys.remove("schema_version")
            data__schemaversion = data["schema_version"]
            if not (isinstance(data__schemaversion, (int, float)) and not isinstance(data__schemaversion, bool) and data__schemaversion == 1):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".schema_version must be same as const definition: 1", value=data__schemaversion, name="" + (name_prefix or "data") + ".schema_version", definition={'const': 1}, rule='const')
        if "tool" in data_keys:
            data_keys.remove("tool")
            data__tool = data["tool"]
            if not isinstance(data__tool, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".tool must be object", value=data__tool, name="" + (name_prefix or "data") + ".tool", definition={'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'const': 'nestaudit'}, 'version': {'type': 'string'}}}, rule='type')
            data__tool_is_dict = isinstance(data__tool, dict)
            if data__tool_is_dict:
                data__tool__missing_keys = set(['name', 'version']) - data__tool.keys()
                if data__tool__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".tool must contain " + (str(sorted(data__tool__missing_keys)) + " properties"), value=data__tool, name="" + (name_prefix or "data") + ".tool", definition={'type': 'object', 'required': ['name', 'version'], 'properties': {'name': {'const': 'nestaudit'}, 'version': {'type': 'string'}}}, rule='required')
                data__tool_keys = set(data__tool.keys())
                if "name" in data__tool_keys:
                    data__tool_keys.remove("name")
                    data__tool__name = data__tool["name"]
                    if not (isinstance(data__tool__name, str) and data__tool__name == 'nestaudit'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".tool.name must be same as const definition: nestaudit", value=data__tool__name, name="" + (name_prefix or "data") + ".tool.name", definition={'const': 'nestaudit'}, rule='const')
                if "version" in data__tool_keys:
                    data__tool_keys.remove("version")
                    data__tool__version = data__tool["version"]
                    if not isinstance(data__tool__version, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".tool.version must be string", value=data__tool__version, name="" + (name_prefix or "data") + ".tool.version", definition={'type': 'string'}, rule='type')
        if "rules" in data_keys:
            data_keys.remove("rules")
            data__rules = data["rules"]
            if not isinstance(data__rules, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules must be object", value=data__rules, name="" + (name_prefix or "data") + ".rules", definition={'type': 'object', 'required': ['version', 'doc'], 'properties': {'version': {'type': 'string'}, 'doc': {'type': 'string'}}}, rule='type')
            data__rules_is_dict = isinstance(data__rules, dict)
            if data__rules_is_dict:
                data__rules__missing_keys = set(['version', 'doc']) - data__rules.keys()
                if data__rules__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules must contain " + (str(sorted(data__rules__missing_keys)) + " properties"), value=data__rules, name="" + (name_prefix or "data") + ".rules", definition={'type': 'object', 'required': ['version', 'doc'], 'properties': {'version': {'type': 'string'}, 'doc': {'type': 'string'}}}, rule='required')
                data__rules_keys = set(data__rules.keys())
                if "version" in data__rules_keys:
                    data__rules_keys.remove("version")
                    data__rules__version = data__rules["version"]
                    if not isinstance(data__rules__version, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules.version must be string", value=data__rules__version, name="" + (name_prefix or "data") + ".rules.version", definition={'type': 'string'}, rule='type')
                if "doc" in data__rules_keys:
                    data__rules_keys.remove("doc")
                    data__rules__doc = data__rules["doc"]
                    if not isinstance(data__rules__doc, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules.doc must be string", value=data__rules__doc, name="" + (name_prefix or "data") + ".rules.doc", definition={'type': 'string'}, rule='type')
        if "hosts" in data_keys:
            data_keys.remove("hosts")
            data__hosts = data["hosts"]
            if not isinstance(data__hosts, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".hosts must be array", value=data__hosts, name="" + (name_prefix or "data") + ".hosts", definition={'type': 'array', 'items': {'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/verdict'}, 'findings': {'type': 'array', 'items': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/finding'}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}}, rule='type')
            data__hosts_is_list = isinstance(data__hosts, (list, tuple))
            if data__hosts_is_list:
                data__hosts_len = len(data__hosts)
                for data__hosts_x, data__hosts_item in enumerate(data__hosts):
                    validate_https___nestaudit_invalid_schemas_report_1_json___defs_host(data__hosts_item, custom_formats, (name_prefix or "data") + ".hosts[{data__hosts_x}]".format(**locals()))
        if "chains" in data_keys:
            data_keys.remove("chains")
            data__chains = data["chains"]
            if not isinstance(data__chains, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".chains must be array", value=data__chains, name="" + (name_prefix or "data") + ".chains", definition={'type': 'array', 'items': {'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/level'}}, 'verdict': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/verdict'}}}}, rule='type')
            data__chains_is_list = isinstance(data__chains, (list, tuple))
            if data__chains_is_list:
                data__chains_len = len(data__chains)
                for data__chains_x, data__chains_item in enumerate(data__chains):
                    validate_https___nestaudit_invalid_schemas_report_1_json___defs_chain(data__chains_item, custom_formats, (name_prefix or "data") + ".chains[{data__chains_x}]".format(**locals()))
        if "errors" in data_keys:
            data_keys.remove("errors")
            data__errors = data["errors"]
            if not isinstance(data__errors, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".errors must be array", value=data__errors, name="" + (name_prefix or "data") + ".errors", definition={'description': 'nestaudit fleet: the inputs that could not be judged', 'type': 'array', 'items': {'type': 'object', 'required': ['input', 'message'], 'additionalProperties': False, 'properties': {'input': {'type': 'string'}, 'message': {'type': 'string'}}}}, rule='type')
            data__errors_is_list = isinstance(data__errors, (list, tuple))
            if data__errors_is_list:
                data__errors_len = len(data__errors)
                for data__errors_x, data__errors_item in enumerate(data__errors):
                    if not isinstance(data__errors_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".errors[{data__errors_x}]".format(**locals()) + " must be object", value=data__errors_item, name="" + (name_prefix or "data") + ".errors[{data__errors_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['input', 'message'], 'additionalProperties': False, 'properties': {'input': {'type': 'string'}, 'message': {'type': 'string'}}}, rule='type')
                    data__errors_item_is_dict = isinstance(data__errors_item, dict)
                    if data__errors_item_is_dict:
                        data__errors_item__missing_keys = set(['input', 'message']) - data__errors_item.keys()
                        if data__errors_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".errors[{data__errors_x}]".format(**locals()) + " must contain " + (str(sorted(data__errors_item__missing_keys)) + " properties"), value=data__errors_item, name="" + (name_prefix or "data") + ".errors[{data__errors_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['input', 'message'], 'additionalProperties': False, 'properties': {'input': {'type': 'string'}, 'message': {'type': 'string'}}}, rule='required')
                        data__errors_item_keys = set(data__errors_item.keys())
                        if "input" in data__errors_item_keys:
                            data__errors_item_keys.remove("input")
                            data__errors_item__input = data__errors_item["input"]
                            if not isinstance(data__errors_item__input, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".errors[{data__errors_x}].input".format(**locals()) + " must be string", value=data__errors_item__input, name="" + (name_prefix or "data") + ".errors[{data__errors_x}].input".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "message" in data__errors_item_keys:
                            data__errors_item_keys.remove("message")
                            data__errors_item__message = data__errors_item["message"]
                            if not isinstance(data__errors_item__message, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".errors[{data__errors_x}].message".format(**locals()) + " must be string", value=data__errors_item__message, name="" + (name_prefix or "data") + ".errors[{data__errors_x}].message".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if data__errors_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".errors[{data__errors_x}]".format(**locals()) + " must not contain "+str(data__errors_item_keys)+" properties", value=data__errors_item, name="" + (name_prefix or "data") + ".errors[{data__errors_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['input', 'message'], 'additionalProperties': False, 'properties': {'input': {'type': 'string'}, 'message': {'type': 'string'}}}, rule='additionalProperties')
        if "fleet" in data_keys:
            data_keys.remove("fleet")
            data__fleet = data["fleet"]
            if not isinstance(data__fleet, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet must be object", value=data__fleet, name="" + (name_prefix or "data") + ".fleet", definition={'description': 'nestaudit fleet: the totals over every host', 'type': 'object', 'required': ['inputs', 'hosts', 'errors', 'chains', 'support', 'ready', 'roles', 'limitations', 'exit_code'], 'properties': {'inputs': {'type': 'integer', 'minimum': 0}, 'hosts': {'type': 'integer', 'minimum': 0}, 'errors': {'type': 'integer', 'minimum': 0}, 'chains': {'type': 'integer', 'minimum': 0}, 'support': {'type': 'object', 'propertyNames': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'ready': {'type': 'object', 'required': ['yes', 'no', 'unknown'], 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'roles': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'limitations': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}}, 'fail_on': {'type': 'string'}, 'allow_unknown': {'type': 'boolean'}, 'exit_code': {'enum': [0, 1, 2]}}}, rule='type')
            data__fleet_is_dict = isinstance(data__fleet, dict)
            if data__fleet_is_dict:
                data__fleet__missing_keys = set(['inputs', 'hosts', 'errors', 'chains', 'support', 'ready', 'roles', 'limitations', 'exit_code']) - data__fleet.keys()
                if data__fleet__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet must contain " + (str(sorted(data__fleet__missing_keys)) + " properties"), value=data__fleet, name="" + (name_prefix or "data") + ".fleet", definition={'description': 'nestaudit fleet: the totals over every host', 'type': 'object', 'required': ['inputs', 'hosts', 'errors', 'chains', 'support', 'ready', 'roles', 'limitations', 'exit_code'], 'properties': {'inputs': {'type': 'integer', 'minimum': 0}, 'hosts': {'type': 'integer', 'minimum': 0}, 'errors': {'type': 'integer', 'minimum': 0}, 'chains': {'type': 'integer', 'minimum': 0}, 'support': {'type': 'object', 'propertyNames': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'ready': {'type': 'object', 'required': ['yes', 'no', 'unknown'], 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'roles': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}, 'limitations': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}}, 'fail_on': {'type': 'string'}, 'allow_unknown': {'type': 'boolean'}, 'exit_code': {'enum': [0, 1, 2]}}}, rule='required')
                data__fleet_keys = set(data__fleet.keys())
                if "inputs" in data__fleet_keys:
                    data__fleet_keys.remove("inputs")
                    data__fleet__inputs = data__fleet["inputs"]
                    if not isinstance(data__fleet__inputs, (int)) and not (isinstance(data__fleet__inputs, float) and data__fleet__inputs.is_integer()) or isinstance(data__fleet__inputs, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.inputs must be integer", value=data__fleet__inputs, name="" + (name_prefix or "data") + ".fleet.inputs", definition={'type': 'integer', 'minimum': 0}, rule='type')
                    if isinstance(data__fleet__inputs, (int, float, Decimal)) and not isinstance(data__fleet__inputs, bool):
                        if data__fleet__inputs < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.inputs must be bigger than or equal to 0", value=data__fleet__inputs, name="" + (name_prefix or "data") + ".fleet.inputs", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "hosts" in data__fleet_keys:
                    data__fleet_keys.remove("hosts")
                    data__fleet__hosts = data__fleet["hosts"]
                    if not isinstance(data__fleet__hosts, (int)) and not (isinstance(data__fleet__hosts, float) and data__fleet__hosts.is_integer()) or isinstance(data__fleet__hosts, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.hosts must be integer", value=data__fleet__hosts, name="" + (name_prefix or "data") + ".fleet.hosts", definition={'type': 'integer', 'minimum': 0}, rule='type')
                    if isinstance(data__fleet__hosts, (int, float, Decimal)) and not isinstance(data__fleet__hosts, bool):
                        if data__fleet__hosts < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.hosts must be bigger than or equal to 0", value=data__fleet__hosts, name="" + (name_prefix or "data") + ".fleet.hosts", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "errors" in data__fleet_keys:
                    data__fleet_keys.remove("errors")
                    data__fleet__errors = data__fleet["errors"]
                    if not isinstance(data__fleet__errors, (int)) and not (isinstance(data__fleet__errors, float) and data__fleet__errors.is_integer()) or isinstance(data__fleet__errors, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.errors must be integer", value=data__fleet__errors, name="" + (name_prefix or "data") + ".fleet.errors", definition={'type': 'integer', 'minimum': 0}, rule='type')
                    if isinstance(data__fleet__errors, (int, float, Decimal)) and not isinstance(data__fleet__errors, bool):
                        if data__fleet__errors < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.errors must be bigger than or equal to 0", value=data__fleet__errors, name="" + (name_prefix or "data") + ".fleet.errors", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "chains" in data__fleet_keys:
                    data__fleet_keys.remove("chains")
                    data__fleet__chains = data__fleet["chains"]
                    if not isinstance(data__fleet__chains, (int)) and not (isinstance(data__fleet__chains, float) and data__fleet__chains.is_integer()) or isinstance(data__fleet__chains, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.chains must be integer", value=data__fleet__chains, name="" + (name_prefix or "data") + ".fleet.chains", definition={'type': 'integer', 'minimum': 0}, rule='type')
                    if isinstance(data__fleet__chains, (int, float, Decimal)) and not isinstance(data__fleet__chains, bool):
                        if data__fleet__chains < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.chains must be bigger than or equal to 0", value=data__fleet__chains, name="" + (name_prefix or "data") + ".fleet.chains", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "support" in data__fleet_keys:
                    data__fleet_keys.remove("support")
                    data__fleet__support = data__fleet["support"]
                    if not isinstance(data__fleet__support, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.support must be object", value=data__fleet__support, name="" + (name_prefix or "data") + ".fleet.support", definition={'type': 'object', 'propertyNames': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'additionalProperties': {'type': 'integer', 'minimum': 0}}, rule='type')
                    data__fleet__support_is_dict = isinstance(data__fleet__support, dict)
                    if data__fleet__support_is_dict:
                        data__fleet__support_keys = set(data__fleet__support.keys())
                        for data__fleet__support_key in data__fleet__support_keys:
                            if data__fleet__support_key not in []:
                                data__fleet__support_value = data__fleet__support.get(data__fleet__support_key)
                                if not isinstance(data__fleet__support_value, (int)) and not (isinstance(data__fleet__support_value, float) and data__fleet__support_value.is_integer()) or isinstance(data__fleet__support_value, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.support.{data__fleet__support_key}".format(**locals()) + " must be integer", value=data__fleet__support_value, name="" + (name_prefix or "data") + ".fleet.support.{data__fleet__support_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='type')
                                if isinstance(data__fleet__support_value, (int, float, Decimal)) and not isinstance(data__fleet__support_value, bool):
                                    if data__fleet__support_value < 0:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.support.{data__fleet__support_key}".format(**locals()) + " must be bigger than or equal to 0", value=data__fleet__support_value, name="" + (name_prefix or "data") + ".fleet.support.{data__fleet__support_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                        data__fleet__support_len = len(data__fleet__support)
                        if data__fleet__support_len != 0:
                            data__fleet__support_property_names = True
                            for data__fleet__support_key in data__fleet__support:
                                try:
                                    validate_https___nestaudit_invalid_schemas_report_1_json___defs_support(data__fleet__support_key, custom_formats, (name_prefix or "data") + ".fleet.support")
                                except (JsonSchemaValueException, JsonSchemaValuesException):
                                    data__fleet__support_property_names = False
                            if not data__fleet__support_property_names:
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.support must be named by propertyName definition", value=data__fleet__support, name="" + (name_prefix or "data") + ".fleet.support", definition={'type': 'object', 'propertyNames': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'additionalProperties': {'type': 'integer', 'minimum': 0}}, rule='propertyNames')
                if "ready" in data__fleet_keys:
                    data__fleet_keys.remove("ready")
                    data__fleet__ready = data__fleet["ready"]
                    if not isinstance(data__fleet__ready, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.ready must be object", value=data__fleet__ready, name="" + (name_prefix or "data") + ".fleet.ready", definition={'type': 'object', 'required': ['yes', 'no', 'unknown'], 'additionalProperties': {'type': 'integer', 'minimum': 0}}, rule='type')
                    data__fleet__ready_is_dict = isinstance(data__fleet__ready, dict)
                    if data__fleet__ready_is_dict:
                        data__fleet__ready__missing_keys = set(['yes', 'no', 'unknown']) - data__fleet__ready.keys()
                        if data__fleet__ready__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.ready must contain " + (str(sorted(data__fleet__ready__missing_keys)) + " properties"), value=data__fleet__ready, name="" + (name_prefix or "data") + ".fleet.ready", definition={'type': 'object', 'required': ['yes', 'no', 'unknown'], 'additionalProperties': {'type': 'integer', 'minimum': 0}}, rule='required')
                        data__fleet__ready_keys = set(data__fleet__ready.keys())
                        for data__fleet__ready_key in data__fleet__ready_keys:
                            if data__fleet__ready_key not in []:
                                data__fleet__ready_value = data__fleet__ready.get(data__fleet__ready_key)
                                if not isinstance(data__fleet__ready_value, (int)) and not (isinstance(data__fleet__ready_value, float) and data__fleet__ready_value.is_integer()) or isinstance(data__fleet__ready_value, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.ready.{data__fleet__ready_key}".format(**locals()) + " must be integer", value=data__fleet__ready_value, name="" + (name_prefix or "data") + ".fleet.ready.{data__fleet__ready_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='type')
                                if isinstance(data__fleet__ready_value, (int, float, Decimal)) and not isinstance(data__fleet__ready_value, bool):
                                    if data__fleet__ready_value < 0:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.ready.{data__fleet__ready_key}".format(**locals()) + " must be bigger than or equal to 0", value=data__fleet__ready_value, name="" + (name_prefix or "data") + ".fleet.ready.{data__fleet__ready_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "roles" in data__fleet_keys:
                    data__fleet_keys.remove("roles")
                    data__fleet__roles = data__fleet["roles"]
                    if not isinstance(data__fleet__roles, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.roles must be object", value=data__fleet__roles, name="" + (name_prefix or "data") + ".fleet.roles", definition={'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}, rule='type')
                    data__fleet__roles_is_dict = isinstance(data__fleet__roles, dict)
                    if data__fleet__roles_is_dict:
                        data__fleet__roles_keys = set(data__fleet__roles.keys())
                        for data__fleet__roles_key in data__fleet__roles_keys:
                            if data__fleet__roles_key not in []:
                                data__fleet__roles_value = data__fleet__roles.get(data__fleet__roles_key)
                                if not isinstance(data__fleet__roles_value, (int)) and not (isinstance(data__fleet__roles_value, float) and data__fleet__roles_value.is_integer()) or isinstance(data__fleet__roles_value, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.roles.{data__fleet__roles_key}".format(**locals()) + " must be integer", value=data__fleet__roles_value, name="" + (name_prefix or "data") + ".fleet.roles.{data__fleet__roles_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='type')
                                if isinstance(data__fleet__roles_value, (int, float, Decimal)) and not isinstance(data__fleet__roles_value, bool):
                                    if data__fleet__roles_value < 0:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.roles.{data__fleet__roles_key}".format(**locals()) + " must be bigger than or equal to 0", value=data__fleet__roles_value, name="" + (name_prefix or "data") + ".fleet.roles.{data__fleet__roles_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "limitations" in data__fleet_keys:
                    data__fleet_keys.remove("limitations")
                    data__fleet__limitations = data__fleet["limitations"]
                    if not isinstance(data__fleet__limitations, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.limitations must be object", value=data__fleet__limitations, name="" + (name_prefix or "data") + ".fleet.limitations", definition={'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}}, rule='type')
                    data__fleet__limitations_is_dict = isinstance(data__fleet__limitations, dict)
                    if data__fleet__limitations_is_dict:
                        data__fleet__limitations_keys = set(data__fleet__limitations.keys())
                        for data__fleet__limitations_key in data__fleet__limitations_keys:
                            if data__fleet__limitations_key not in []:
                                data__fleet__limitations_value = data__fleet__limitations.get(data__fleet__limitations_key)
                                if not isinstance(data__fleet__limitations_value, (dict)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.limitations.{data__fleet__limitations_key}".format(**locals()) + " must be object", value=data__fleet__limitations_value, name="" + (name_prefix or "data") + ".fleet.limitations.{data__fleet__limitations_key}".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': {'type': 'integer', 'minimum': 0}}, rule='type')
                                data__fleet__limitations_value_is_dict = isinstance(data__fleet__limitations_value, dict)
                                if data__fleet__limitations_value_is_dict:
                                    data__fleet__limitations_value_keys = set(data__fleet__limitations_value.keys())
                                    for data__fleet__limitations_value_key in data__fleet__limitations_value_keys:
                                        if data__fleet__limitations_value_key not in []:
                                            data__fleet__limitations_value_value = data__fleet__limitations_value.get(data__fleet__limitations_value_key)
                                            if not isinstance(data__fleet__limitations_value_value, (int)) and not (isinstance(data__fleet__limitations_value_value, float) and data__fleet__limitations_value_value.is_integer()) or isinstance(data__fleet__limitations_value_value, bool):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.limitations.{data__fleet__limitations_key}.{data__fleet__limitations_value_key}".format(**locals()) + " must be integer", value=data__fleet__limitations_value_value, name="" + (name_prefix or "data") + ".fleet.limitations.{data__fleet__limitations_key}.{data__fleet__limitations_value_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='type')
                                            if isinstance(data__fleet__limitations_value_value, (int, float, Decimal)) and not isinstance(data__fleet__limitations_value_value, bool):
                                                if data__fleet__limitations_value_value < 0:
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.limitations.{data__fleet__limitations_key}.{data__fleet__limitations_value_key}".format(**locals()) + " must be bigger than or equal to 0", value=data__fleet__limitations_value_value, name="" + (name_prefix or "data") + ".fleet.limitations.{data__fleet__limitations_key}.{data__fleet__limitations_value_key}".format(**locals()) + "", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
                if "fail_on" in data__fleet_keys:
                    data__fleet_keys.remove("fail_on")
                    data__fleet__failon = data__fleet["fail_on"]
                    if not isinstance(data__fleet__failon, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.fail_on must be string", value=data__fleet__failon, name="" + (name_prefix or "data") + ".fleet.fail_on", definition={'type': 'string'}, rule='type')
                if "allow_unknown" in data__fleet_keys:
                    data__fleet_keys.remove("allow_unknown")
                    data__fleet__allowunknown = data__fleet["allow_unknown"]
                    if not isinstance(data__fleet__allowunknown, (bool)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.allow_unknown must be boolean", value=data__fleet__allowunknown, name="" + (name_prefix or "data") + ".fleet.allow_unknown", definition={'type': 'boolean'}, rule='type')
                if "exit_code" in data__fleet_keys:
                    data__fleet_keys.remove("exit_code")
                    data__fleet__exitcode = data__fleet["exit_code"]
                    if not (isinstance(data__fleet__exitcode, (int, float)) and not isinstance(data__fleet__exitcode, bool) and data__fleet__exitcode == 0 or isinstance(data__fleet__exitcode, (int, float)) and not isinstance(data__fleet__exitcode, bool) and data__fleet__exitcode == 1 or isinstance(data__fleet__exitcode, (int, float)) and not isinstance(data__fleet__exitcode, bool) and data__fleet__exitcode == 2):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".fleet.exit_code must be one of [0, 1, 2]", value=data__fleet__exitcode, name="" + (name_prefix or "data") + ".fleet.exit_code", definition={'enum': [0, 1, 2]}, rule='enum')
        if "waivers" in data_keys:
            data_keys.remove("waivers")
            data__waivers = data["waivers"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_waivers(data__waivers, custom_formats, (name_prefix or "data") + ".waivers")
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_waivers(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'description': 'How a waivers file was applied; present only when one was given. Waivers never change a verdict.', 'type': 'object', 'required': ['file', 'as_of', 'applied', 'expired', 'stale', 'note'], 'properties': {'file': {'type': 'string'}, 'as_of': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'applied': {'type': 'integer', 'minimum': 0}, 'expired': {'type': 'integer', 'minimum': 0}, 'stale': {'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}}, 'note': {'type': 'string', 'minLength': 1}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['file', 'as_of', 'applied', 'expired', 'stale', 'note']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'description': 'How a waivers file was applied; present only when one was given. Waivers never change a verdict.', 'type': 'object', 'required': ['file', 'as_of', 'applied', 'expired', 'stale', 'note'], 'properties': {'file': {'type': 'string'}, 'as_of': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'applied': {'type': 'integer', 'minimum': 0}, 'expired': {'type': 'integer', 'minimum': 0}, 'stale': {'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}}, 'note': {'type': 'string', 'minLength': 1}}}, rule='required')
        data_keys = set(data.keys())
        if "file" in data_keys:
            data_keys.remove("file")
            data__file = data["file"]
            if not isinstance(data__file, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".file must be string", value=data__file, name="" + (name_prefix or "data") + ".file", definition={'type': 'string'}, rule='type')
        if "as_of" in data_keys:
            data_keys.remove("as_of")
            data__asof = data["as_of"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_date(data__asof, custom_formats, (name_prefix or "data") + ".as_of")
        if "applied" in data_keys:
            data_keys.remove("applied")
            data__applied = data["applied"]
            if not isinstance(data__applied, (int)) and not (isinstance(data__applied, float) and data__applied.is_integer()) or isinstance(data__applied, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".applied must be integer", value=data__applied, name="" + (name_prefix or "data") + ".applied", definition={'type': 'integer', 'minimum': 0}, rule='type')
            if isinstance(data__applied, (int, float, Decimal)) and not isinstance(data__applied, bool):
                if data__applied < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".applied must be bigger than or equal to 0", value=data__applied, name="" + (name_prefix or "data") + ".applied", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
        if "expired" in data_keys:
            data_keys.remove("expired")
            data__expired = data["expired"]
            if not isinstance(data__expired, (int)) and not (isinstance(data__expired, float) and data__expired.is_integer()) or isinstance(data__expired, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".expired must be integer", value=data__expired, name="" + (name_prefix or "data") + ".expired", definition={'type': 'integer', 'minimum': 0}, rule='type')
            if isinstance(data__expired, (int, float, Decimal)) and not isinstance(data__expired, bool):
                if data__expired < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".expired must be bigger than or equal to 0", value=data__expired, name="" + (name_prefix or "data") + ".expired", definition={'type': 'integer', 'minimum': 0}, rule='minimum')
        if "stale" in data_keys:
            data_keys.remove("stale")
            data__stale = data["stale"]
            if not isinstance(data__stale, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale must be array", value=data__stale, name="" + (name_prefix or "data") + ".stale", definition={'type': 'array', 'items': {'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}}, rule='type')
            data__stale_is_list = isinstance(data__stale, (list, tuple))
            if data__stale_is_list:
                data__stale_len = len(data__stale)
                for data__stale_x, data__stale_item in enumerate(data__stale):
                    if not isinstance(data__stale_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}]".format(**locals()) + " must be object", value=data__stale_item, name="" + (name_prefix or "data") + ".stale[{data__stale_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}, rule='type')
                    data__stale_item_is_dict = isinstance(data__stale_item, dict)
                    if data__stale_item_is_dict:
                        data__stale_item__missing_keys = set(['line', 'host', 'target', 'reason', 'expires', 'why']) - data__stale_item.keys()
                        if data__stale_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}]".format(**locals()) + " must contain " + (str(sorted(data__stale_item__missing_keys)) + " properties"), value=data__stale_item, name="" + (name_prefix or "data") + ".stale[{data__stale_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['line', 'host', 'target', 'reason', 'expires', 'why'], 'properties': {'line': {'type': 'integer'}, 'rule': {'type': 'string'}, 'limitation': {'type': 'string'}, 'host': {'type': 'string'}, 'target': {'type': 'string'}, 'reason': {'type': 'string'}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'why': {'type': 'string', 'minLength': 1}}}, rule='required')
                        data__stale_item_keys = set(data__stale_item.keys())
                        if "line" in data__stale_item_keys:
                            data__stale_item_keys.remove("line")
                            data__stale_item__line = data__stale_item["line"]
                            if not isinstance(data__stale_item__line, (int)) and not (isinstance(data__stale_item__line, float) and data__stale_item__line.is_integer()) or isinstance(data__stale_item__line, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].line".format(**locals()) + " must be integer", value=data__stale_item__line, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].line".format(**locals()) + "", definition={'type': 'integer'}, rule='type')
                        if "rule" in data__stale_item_keys:
                            data__stale_item_keys.remove("rule")
                            data__stale_item__rule = data__stale_item["rule"]
                            if not isinstance(data__stale_item__rule, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].rule".format(**locals()) + " must be string", value=data__stale_item__rule, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].rule".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "limitation" in data__stale_item_keys:
                            data__stale_item_keys.remove("limitation")
                            data__stale_item__limitation = data__stale_item["limitation"]
                            if not isinstance(data__stale_item__limitation, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].limitation".format(**locals()) + " must be string", value=data__stale_item__limitation, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].limitation".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "host" in data__stale_item_keys:
                            data__stale_item_keys.remove("host")
                            data__stale_item__host = data__stale_item["host"]
                            if not isinstance(data__stale_item__host, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].host".format(**locals()) + " must be string", value=data__stale_item__host, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].host".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "target" in data__stale_item_keys:
                            data__stale_item_keys.remove("target")
                            data__stale_item__target = data__stale_item["target"]
                            if not isinstance(data__stale_item__target, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].target".format(**locals()) + " must be string", value=data__stale_item__target, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].target".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "reason" in data__stale_item_keys:
                            data__stale_item_keys.remove("reason")
                            data__stale_item__reason = data__stale_item["reason"]
                            if not isinstance(data__stale_item__reason, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].reason".format(**locals()) + " must be string", value=data__stale_item__reason, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].reason".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "expires" in data__stale_item_keys:
                            data__stale_item_keys.remove("expires")
                            data__stale_item__expires = data__stale_item["expires"]
                            validate_https___nestaudit_invalid_schemas_report_1_json___defs_date(data__stale_item__expires, custom_formats, (name_prefix or "data") + ".stale[{data__stale_x}].expires".format(**locals()))
                        if "why" in data__stale_item_keys:
                            data__stale_item_keys.remove("why")
                            data__stale_item__why = data__stale_item["why"]
                            if not isinstance(data__stale_item__why, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].why".format(**locals()) + " must be string", value=data__stale_item__why, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].why".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__stale_item__why, str):
                                data__stale_item__why_len = len(data__stale_item__why)
                                if data__stale_item__why_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".stale[{data__stale_x}].why".format(**locals()) + " must be longer than or equal to 1 characters", value=data__stale_item__why, name="" + (name_prefix or "data") + ".stale[{data__stale_x}].why".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "note" in data_keys:
            data_keys.remove("note")
            data__note = data["note"]
            if not isinstance(data__note, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".note must be string", value=data__note, name="" + (name_prefix or "data") + ".note", definition={'type': 'string', 'minLength': 1}, rule='type')
            if isinstance(data__note, str):
                data__note_len = len(data__note)
                if data__note_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".note must be longer than or equal to 1 characters", value=data__note, name="" + (name_prefix or "data") + ".note", definition={'type': 'string', 'minLength': 1}, rule='minLength')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_date(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, rule='type')
    if isinstance(data, str):
        if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, rule='pattern')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_support(data, custom_formats={}, name_prefix=None):
    if not (isinstance(data, str) and data == 'supported' or isinstance(data, str) and data == 'technology-preview' or isinstance(data, str) and data == 'untested' or isinstance(data, str) and data == 'unsupported' or isinstance(data, str) and data == 'unknown'):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be one of ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']", value=data, name="" + (name_prefix or "data") + "", definition={'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, rule='enum')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_chain(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['levels', 'verdict']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['levels', 'verdict'], 'properties': {'levels': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}}}, rule='required')
        data_keys = set(data.keys())
        if "levels" in data_keys:
            data_keys.remove("levels")
            data__levels = data["levels"]
            if not isinstance(data__levels, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".levels must be array", value=data__levels, name="" + (name_prefix or "data") + ".levels", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}}, rule='type')
            data__levels_is_list = isinstance(data__levels, (list, tuple))
            if data__levels_is_list:
                data__levels_len = len(data__levels)
                if data__levels_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".levels must contain at least 1 items", value=data__levels, name="" + (name_prefix or "data") + ".levels", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}}, rule='minItems')
                for data__levels_x, data__levels_item in enumerate(data__levels):
                    validate_https___nestaudit_invalid_schemas_report_1_json___defs_level(data__levels_item, custom_formats, (name_prefix or "data") + ".levels[{data__levels_x}]".format(**locals()))
        if "verdict" in data_keys:
            data_keys.remove("verdict")
            data__verdict = data["verdict"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_verdict(data__verdict, custom_formats, (name_prefix or "data") + ".verdict")
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_verdict(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['support', 'ready', 'reasons']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'enum': ['supported', 'technology-preview', 'untested', 'unsupported', 'unknown']}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, rule='required')
        data_keys = set(data.keys())
        if "support" in data_keys:
            data_keys.remove("support")
            data__support = data["support"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_support(data__support, custom_formats, (name_prefix or "data") + ".support")
        if "ready" in data_keys:
            data_keys.remove("ready")
            data__ready = data["ready"]
            if not isinstance(data__ready, (bool, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ready must be boolean or null", value=data__ready, name="" + (name_prefix or "data") + ".ready", definition={'type': ['boolean', 'null']}, rule='type')
        if "reasons" in data_keys:
            data_keys.remove("reasons")
            data__reasons = data["reasons"]
            if not isinstance(data__reasons, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reasons must be array", value=data__reasons, name="" + (name_prefix or "data") + ".reasons", definition={'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, rule='type')
            data__reasons_is_list = isinstance(data__reasons, (list, tuple))
            if data__reasons_is_list:
                data__reasons_len = len(data__reasons)
                for data__reasons_x, data__reasons_item in enumerate(data__reasons):
                    if not isinstance(data__reasons_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".reasons[{data__reasons_x}]".format(**locals()) + " must be string", value=data__reasons_item, name="" + (name_prefix or "data") + ".reasons[{data__reasons_x}]".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                    if isinstance(data__reasons_item, str):
                        data__reasons_item_len = len(data__reasons_item)
                        if data__reasons_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".reasons[{data__reasons_x}]".format(**locals()) + " must be longer than or equal to 1 characters", value=data__reasons_item, name="" + (name_prefix or "data") + ".reasons[{data__reasons_x}]".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_level(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['level', 'os']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['level', 'os'], 'properties': {'level': {'enum': ['L0', 'L1', 'L2']}, 'host': {'type': ['string', 'null']}, 'domain': {'type': 'string'}, 'os': {'type': ['string', 'null']}, 'arch': {'type': ['string', 'null']}}}, rule='required')
        data_keys = set(data.keys())
        if "level" in data_keys:
            data_keys.remove("level")
            data__level = data["level"]
            if not (isinstance(data__level, str) and data__level == 'L0' or isinstance(data__level, str) and data__level == 'L1' or isinstance(data__level, str) and data__level == 'L2'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".level must be one of ['L0', 'L1', 'L2']", value=data__level, name="" + (name_prefix or "data") + ".level", definition={'enum': ['L0', 'L1', 'L2']}, rule='enum')
        if "host" in data_keys:
            data_keys.remove("host")
            data__host = data["host"]
            if not isinstance(data__host, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".host must be string or null", value=data__host, name="" + (name_prefix or "data") + ".host", definition={'type': ['string', 'null']}, rule='type')
        if "domain" in data_keys:
            data_keys.remove("domain")
            data__domain = data["domain"]
            if not isinstance(data__domain, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".domain must be string", value=data__domain, name="" + (name_prefix or "data") + ".domain", definition={'type': 'string'}, rule='type')
        if "os" in data_keys:
            data_keys.remove("os")
            data__os = data["os"]
            if not isinstance(data__os, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".os must be string or null", value=data__os, name="" + (name_prefix or "data") + ".os", definition={'type': ['string', 'null']}, rule='type')
        if "arch" in data_keys:
            data_keys.remove("arch")
            data__arch = data["arch"]
            if not isinstance(data__arch, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".arch must be string or null", value=data__arch, name="" + (name_prefix or "data") + ".arch", definition={'type': ['string', 'null']}, rule='type')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_host(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, 'findings': {'type': 'array', 'items': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'$ref': '#/$defs/waiver_note'}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/waiver_note'}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['host', 'bundle', 'role', 'verdict', 'findings']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['host', 'bundle', 'role', 'verdict', 'findings'], 'properties': {'host': {'type': 'string', 'minLength': 1}, 'bundle': {'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, 'role': {'enum': ['L0', 'L1', 'L2', 'unknown']}, 'verdict': {'type': 'object', 'required': ['support', 'ready', 'reasons'], 'properties': {'support': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/support'}, 'ready': {'type': ['boolean', 'null']}, 'reasons': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}}}, 'findings': {'type': 'array', 'items': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'$ref': '#/$defs/waiver_note'}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/waiver_note'}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}}, 'summary': {'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}}}, rule='required')
        data_keys = set(data.keys())
        if "host" in data_keys:
            data_keys.remove("host")
            data__host = data["host"]
            if not isinstance(data__host, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".host must be string", value=data__host, name="" + (name_prefix or "data") + ".host", definition={'type': 'string', 'minLength': 1}, rule='type')
            if isinstance(data__host, str):
                data__host_len = len(data__host)
                if data__host_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".host must be longer than or equal to 1 characters", value=data__host, name="" + (name_prefix or "data") + ".host", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "bundle" in data_keys:
            data_keys.remove("bundle")
            data__bundle = data["bundle"]
            if not isinstance(data__bundle, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle must be object", value=data__bundle, name="" + (name_prefix or "data") + ".bundle", definition={'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, rule='type')
            data__bundle_is_dict = isinstance(data__bundle, dict)
            if data__bundle_is_dict:
                data__bundle__missing_keys = set(['sha256', 'collected_at']) - data__bundle.keys()
                if data__bundle__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle must contain " + (str(sorted(data__bundle__missing_keys)) + " properties"), value=data__bundle, name="" + (name_prefix or "data") + ".bundle", definition={'type': 'object', 'required': ['sha256', 'collected_at'], 'properties': {'sha256': {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, 'collected_at': {'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, 'source': {'enum': ['live', 'root', 'sosreport']}, 'sos_version': {'type': ['string', 'null']}, 'started_local': {'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, 'lacking': {'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}}}, rule='required')
                data__bundle_keys = set(data__bundle.keys())
                if "sha256" in data__bundle_keys:
                    data__bundle_keys.remove("sha256")
                    data__bundle__sha256 = data__bundle["sha256"]
                    if not isinstance(data__bundle__sha256, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.sha256 must be string", value=data__bundle__sha256, name="" + (name_prefix or "data") + ".bundle.sha256", definition={'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, rule='type')
                    if isinstance(data__bundle__sha256, str):
                        if not REGEX_PATTERNS['^[0-9a-f]{64}$'].search(data__bundle__sha256):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.sha256 must match pattern ^[0-9a-f]{64}$", value=data__bundle__sha256, name="" + (name_prefix or "data") + ".bundle.sha256", definition={'type': 'string', 'pattern': '^[0-9a-f]{64}$'}, rule='pattern')
                if "collected_at" in data__bundle_keys:
                    data__bundle_keys.remove("collected_at")
                    data__bundle__collectedat = data__bundle["collected_at"]
                    if not isinstance(data__bundle__collectedat, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.collected_at must be string or null", value=data__bundle__collectedat, name="" + (name_prefix or "data") + ".bundle.collected_at", definition={'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, rule='type')
                    if isinstance(data__bundle__collectedat, str):
                        if not REGEX_PATTERNS["date-time_re_pattern"].match(data__bundle__collectedat):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.collected_at must be date-time", value=data__bundle__collectedat, name="" + (name_prefix or "data") + ".bundle.collected_at", definition={'description': 'when the evidence was taken; null when the input does not say (a sosreport whose manifest or time zone is missing): never the time nestaudit read it', 'type': ['string', 'null'], 'format': 'date-time'}, rule='format')
                if "source" in data__bundle_keys:
                    data__bundle_keys.remove("source")
                    data__bundle__source = data__bundle["source"]
                    if not (isinstance(data__bundle__source, str) and data__bundle__source == 'live' or isinstance(data__bundle__source, str) and data__bundle__source == 'root' or isinstance(data__bundle__source, str) and data__bundle__source == 'sosreport'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.source must be one of ['live', 'root', 'sosreport']", value=data__bundle__source, name="" + (name_prefix or "data") + ".bundle.source", definition={'enum': ['live', 'root', 'sosreport']}, rule='enum')
                if "sos_version" in data__bundle_keys:
                    data__bundle_keys.remove("sos_version")
                    data__bundle__sosversion = data__bundle["sos_version"]
                    if not isinstance(data__bundle__sosversion, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.sos_version must be string or null", value=data__bundle__sosversion, name="" + (name_prefix or "data") + ".bundle.sos_version", definition={'type': ['string', 'null']}, rule='type')
                if "started_local" in data__bundle_keys:
                    data__bundle_keys.remove("started_local")
                    data__bundle__startedlocal = data__bundle["started_local"]
                    if not isinstance(data__bundle__startedlocal, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.started_local must be string or null", value=data__bundle__startedlocal, name="" + (name_prefix or "data") + ".bundle.started_local", definition={'description': "sos's start in the host's local time, when collected_at is null for want of the time zone", 'type': ['string', 'null']}, rule='type')
                if "lacking" in data__bundle_keys:
                    data__bundle_keys.remove("lacking")
                    data__bundle__lacking = data__bundle["lacking"]
                    if not isinstance(data__bundle__lacking, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking must be array", value=data__bundle__lacking, name="" + (name_prefix or "data") + ".bundle.lacking", definition={'description': 'what the sosreport lacks, grouped (docs/sosreports.md)', 'type': 'array', 'items': {'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}}, rule='type')
                    data__bundle__lacking_is_list = isinstance(data__bundle__lacking, (list, tuple))
                    if data__bundle__lacking_is_list:
                        data__bundle__lacking_len = len(data__bundle__lacking)
                        for data__bundle__lacking_x, data__bundle__lacking_item in enumerate(data__bundle__lacking):
                            if not isinstance(data__bundle__lacking_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}]".format(**locals()) + " must be object", value=data__bundle__lacking_item, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}, rule='type')
                            data__bundle__lacking_item_is_dict = isinstance(data__bundle__lacking_item, dict)
                            if data__bundle__lacking_item_is_dict:
                                data__bundle__lacking_item__missing_keys = set(['what', 'items', 'used_for', 'add']) - data__bundle__lacking_item.keys()
                                if data__bundle__lacking_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}]".format(**locals()) + " must contain " + (str(sorted(data__bundle__lacking_item__missing_keys)) + " properties"), value=data__bundle__lacking_item, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['what', 'items', 'used_for', 'add'], 'properties': {'what': {'type': 'string', 'minLength': 1}, 'items': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'used_for': {'type': 'string'}, 'add': {'type': 'string', 'minLength': 1}}}, rule='required')
                                data__bundle__lacking_item_keys = set(data__bundle__lacking_item.keys())
                                if "what" in data__bundle__lacking_item_keys:
                                    data__bundle__lacking_item_keys.remove("what")
                                    data__bundle__lacking_item__what = data__bundle__lacking_item["what"]
                                    if not isinstance(data__bundle__lacking_item__what, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].what".format(**locals()) + " must be string", value=data__bundle__lacking_item__what, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].what".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                                    if isinstance(data__bundle__lacking_item__what, str):
                                        data__bundle__lacking_item__what_len = len(data__bundle__lacking_item__what)
                                        if data__bundle__lacking_item__what_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].what".format(**locals()) + " must be longer than or equal to 1 characters", value=data__bundle__lacking_item__what, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].what".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                                if "items" in data__bundle__lacking_item_keys:
                                    data__bundle__lacking_item_keys.remove("items")
                                    data__bundle__lacking_item__items = data__bundle__lacking_item["items"]
                                    if not isinstance(data__bundle__lacking_item__items, (list, tuple)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].items".format(**locals()) + " must be array", value=data__bundle__lacking_item__items, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].items".format(**locals()) + "", definition={'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='type')
                                    data__bundle__lacking_item__items_is_list = isinstance(data__bundle__lacking_item__items, (list, tuple))
                                    if data__bundle__lacking_item__items_is_list:
                                        data__bundle__lacking_item__items_len = len(data__bundle__lacking_item__items)
                                        if data__bundle__lacking_item__items_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].items".format(**locals()) + " must contain at least 1 items", value=data__bundle__lacking_item__items, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].items".format(**locals()) + "", definition={'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='minItems')
                                        for data__bundle__lacking_item__items_x, data__bundle__lacking_item__items_item in enumerate(data__bundle__lacking_item__items):
                                            if not isinstance(data__bundle__lacking_item__items_item, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].items[{data__bundle__lacking_item__items_x}]".format(**locals()) + " must be string", value=data__bundle__lacking_item__items_item, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].items[{data__bundle__lacking_item__items_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                                if "used_for" in data__bundle__lacking_item_keys:
                                    data__bundle__lacking_item_keys.remove("used_for")
                                    data__bundle__lacking_item__usedfor = data__bundle__lacking_item["used_for"]
                                    if not isinstance(data__bundle__lacking_item__usedfor, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].used_for".format(**locals()) + " must be string", value=data__bundle__lacking_item__usedfor, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].used_for".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                                if "add" in data__bundle__lacking_item_keys:
                                    data__bundle__lacking_item_keys.remove("add")
                                    data__bundle__lacking_item__add = data__bundle__lacking_item["add"]
                                    if not isinstance(data__bundle__lacking_item__add, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].add".format(**locals()) + " must be string", value=data__bundle__lacking_item__add, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].add".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                                    if isinstance(data__bundle__lacking_item__add, str):
                                        data__bundle__lacking_item__add_len = len(data__bundle__lacking_item__add)
                                        if data__bundle__lacking_item__add_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].add".format(**locals()) + " must be longer than or equal to 1 characters", value=data__bundle__lacking_item__add, name="" + (name_prefix or "data") + ".bundle.lacking[{data__bundle__lacking_x}].add".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "role" in data_keys:
            data_keys.remove("role")
            data__role = data["role"]
            if not (isinstance(data__role, str) and data__role == 'L0' or isinstance(data__role, str) and data__role == 'L1' or isinstance(data__role, str) and data__role == 'L2' or isinstance(data__role, str) and data__role == 'unknown'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".role must be one of ['L0', 'L1', 'L2', 'unknown']", value=data__role, name="" + (name_prefix or "data") + ".role", definition={'enum': ['L0', 'L1', 'L2', 'unknown']}, rule='enum')
        if "verdict" in data_keys:
            data_keys.remove("verdict")
            data__verdict = data["verdict"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_verdict(data__verdict, custom_formats, (name_prefix or "data") + ".verdict")
        if "findings" in data_keys:
            data_keys.remove("findings")
            data__findings = data["findings"]
            if not isinstance(data__findings, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".findings must be array", value=data__findings, name="" + (name_prefix or "data") + ".findings", definition={'type': 'array', 'items': {'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'$ref': '#/$defs/waiver_note'}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/waiver_note'}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}}, rule='type')
            data__findings_is_list = isinstance(data__findings, (list, tuple))
            if data__findings_is_list:
                data__findings_len = len(data__findings)
                for data__findings_x, data__findings_item in enumerate(data__findings):
                    validate_https___nestaudit_invalid_schemas_report_1_json___defs_finding(data__findings_item, custom_formats, (name_prefix or "data") + ".findings[{data__findings_x}]".format(**locals()))
        if "summary" in data_keys:
            data_keys.remove("summary")
            data__summary = data["summary"]
            if not isinstance(data__summary, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".summary must be object", value=data__summary, name="" + (name_prefix or "data") + ".summary", definition={'type': 'object', 'description': 'What the host is (an addition to the contract: docs/report-contract.md).', 'properties': {'system_uuid': {'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}}}, rule='type')
            data__summary_is_dict = isinstance(data__summary, dict)
            if data__summary_is_dict:
                data__summary_keys = set(data__summary.keys())
                if "system_uuid" in data__summary_keys:
                    data__summary_keys.remove("system_uuid")
                    data__summary__systemuuid = data__summary["system_uuid"]
                    if not isinstance(data__summary__systemuuid, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".summary.system_uuid must be string or null", value=data__summary__systemuuid, name="" + (name_prefix or "data") + ".summary.system_uuid", definition={'description': 'The SMBIOS system UUID, lower-case; null when not read. nestaudit diff matches a renamed host by it.', 'type': ['string', 'null']}, rule='type')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_finding(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'required': ['rule', 'limitation', 'outcome', 'severity', 'target', 'message', 'evidence', 'remediation'], 'properties': {'rule': {'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, 'limitation': {'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, 'outcome': {'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, 'severity': {'enum': ['info', 'low', 'medium', 'high', 'critical']}, 'target': {'type': 'string', 'minLength': 1}, 'message': {'type': 'string', 'minLength': 1}, 'evidence': {'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, 'remediation': {'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, 'waiver': {'allOf': [{'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, 'expired_waiver': {'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}}, 'if': {'required': ['waiver']}, 'then': {'properties': {'outcome': {'const': 'waived'}}}, 'else': {'properties': {'outcome': {'not': {'const': 'waived'}}}}}, rule='required')
        data_keys = set(data.keys())
        if "rule" in data_keys:
            data_keys.remove("rule")
            data__rule = data["rule"]
            if not isinstance(data__rule, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rule must be string", value=data__rule, name="" + (name_prefix or "data") + ".rule", definition={'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, rule='type')
            if isinstance(data__rule, str):
                if not REGEX_PATTERNS['^[a-z0-9]+(-[a-z0-9]+)*$'].search(data__rule):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".rule must match pattern ^[a-z0-9]+(-[a-z0-9]+)*$", value=data__rule, name="" + (name_prefix or "data") + ".rule", definition={'type': 'string', 'pattern': '^[a-z0-9]+(-[a-z0-9]+)*$'}, rule='pattern')
        if "limitation" in data_keys:
            data_keys.remove("limitation")
            data__limitation = data["limitation"]
            if not isinstance(data__limitation, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".limitation must be string", value=data__limitation, name="" + (name_prefix or "data") + ".limitation", definition={'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, rule='type')
            if isinstance(data__limitation, str):
                if not REGEX_PATTERNS['^NV-[A-Z0-9-]+$'].search(data__limitation):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".limitation must match pattern ^NV-[A-Z0-9-]+$", value=data__limitation, name="" + (name_prefix or "data") + ".limitation", definition={'type': 'string', 'pattern': '^NV-[A-Z0-9-]+$'}, rule='pattern')
        if "outcome" in data_keys:
            data_keys.remove("outcome")
            data__outcome = data["outcome"]
            if not (isinstance(data__outcome, str) and data__outcome == 'pass' or isinstance(data__outcome, str) and data__outcome == 'fail' or isinstance(data__outcome, str) and data__outcome == 'info' or isinstance(data__outcome, str) and data__outcome == 'not_applicable' or isinstance(data__outcome, str) and data__outcome == 'unknown' or isinstance(data__outcome, str) and data__outcome == 'error' or isinstance(data__outcome, str) and data__outcome == 'waived'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".outcome must be one of ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']", value=data__outcome, name="" + (name_prefix or "data") + ".outcome", definition={'enum': ['pass', 'fail', 'info', 'not_applicable', 'unknown', 'error', 'waived']}, rule='enum')
        if "severity" in data_keys:
            data_keys.remove("severity")
            data__severity = data["severity"]
            if not (isinstance(data__severity, str) and data__severity == 'info' or isinstance(data__severity, str) and data__severity == 'low' or isinstance(data__severity, str) and data__severity == 'medium' or isinstance(data__severity, str) and data__severity == 'high' or isinstance(data__severity, str) and data__severity == 'critical'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".severity must be one of ['info', 'low', 'medium', 'high', 'critical']", value=data__severity, name="" + (name_prefix or "data") + ".severity", definition={'enum': ['info', 'low', 'medium', 'high', 'critical']}, rule='enum')
        if "target" in data_keys:
            data_keys.remove("target")
            data__target = data["target"]
            if not isinstance(data__target, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must be string", value=data__target, name="" + (name_prefix or "data") + ".target", definition={'type': 'string', 'minLength': 1}, rule='type')
            if isinstance(data__target, str):
                data__target_len = len(data__target)
                if data__target_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must be longer than or equal to 1 characters", value=data__target, name="" + (name_prefix or "data") + ".target", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "message" in data_keys:
            data_keys.remove("message")
            data__message = data["message"]
            if not isinstance(data__message, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".message must be string", value=data__message, name="" + (name_prefix or "data") + ".message", definition={'type': 'string', 'minLength': 1}, rule='type')
            if isinstance(data__message, str):
                data__message_len = len(data__message)
                if data__message_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".message must be longer than or equal to 1 characters", value=data__message, name="" + (name_prefix or "data") + ".message", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "evidence" in data_keys:
            data_keys.remove("evidence")
            data__evidence = data["evidence"]
            if not isinstance(data__evidence, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence must be array", value=data__evidence, name="" + (name_prefix or "data") + ".evidence", definition={'type': 'array', 'items': {'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}}, rule='type')
            data__evidence_is_list = isinstance(data__evidence, (list, tuple))
            if data__evidence_is_list:
                data__evidence_len = len(data__evidence)
                for data__evidence_x, data__evidence_item in enumerate(data__evidence):
                    if not isinstance(data__evidence_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence[{data__evidence_x}]".format(**locals()) + " must be object", value=data__evidence_item, name="" + (name_prefix or "data") + ".evidence[{data__evidence_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}, rule='type')
                    data__evidence_item_is_dict = isinstance(data__evidence_item, dict)
                    if data__evidence_item_is_dict:
                        data__evidence_item__missing_keys = set(['source', 'excerpt']) - data__evidence_item.keys()
                        if data__evidence_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence[{data__evidence_x}]".format(**locals()) + " must contain " + (str(sorted(data__evidence_item__missing_keys)) + " properties"), value=data__evidence_item, name="" + (name_prefix or "data") + ".evidence[{data__evidence_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['source', 'excerpt'], 'properties': {'source': {'type': 'string'}, 'excerpt': {'type': 'string'}}}, rule='required')
                        data__evidence_item_keys = set(data__evidence_item.keys())
                        if "source" in data__evidence_item_keys:
                            data__evidence_item_keys.remove("source")
                            data__evidence_item__source = data__evidence_item["source"]
                            if not isinstance(data__evidence_item__source, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence[{data__evidence_x}].source".format(**locals()) + " must be string", value=data__evidence_item__source, name="" + (name_prefix or "data") + ".evidence[{data__evidence_x}].source".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "excerpt" in data__evidence_item_keys:
                            data__evidence_item_keys.remove("excerpt")
                            data__evidence_item__excerpt = data__evidence_item["excerpt"]
                            if not isinstance(data__evidence_item__excerpt, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence[{data__evidence_x}].excerpt".format(**locals()) + " must be string", value=data__evidence_item__excerpt, name="" + (name_prefix or "data") + ".evidence[{data__evidence_x}].excerpt".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "remediation" in data_keys:
            data_keys.remove("remediation")
            data__remediation = data["remediation"]
            if not isinstance(data__remediation, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation must be array", value=data__remediation, name="" + (name_prefix or "data") + ".remediation", definition={'type': 'array', 'items': {'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}}, rule='type')
            data__remediation_is_list = isinstance(data__remediation, (list, tuple))
            if data__remediation_is_list:
                data__remediation_len = len(data__remediation)
                for data__remediation_x, data__remediation_item in enumerate(data__remediation):
                    if not isinstance(data__remediation_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}]".format(**locals()) + " must be object", value=data__remediation_item, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}, rule='type')
                    data__remediation_item_is_dict = isinstance(data__remediation_item, dict)
                    if data__remediation_item_is_dict:
                        data__remediation_item__missing_keys = set(['kind', 'text']) - data__remediation_item.keys()
                        if data__remediation_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}]".format(**locals()) + " must contain " + (str(sorted(data__remediation_item__missing_keys)) + " properties"), value=data__remediation_item, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}]".format(**locals()) + "", definition={'type': 'object', 'required': ['kind', 'text'], 'properties': {'kind': {'enum': ['hint', 'command', 'edit']}, 'text': {'type': 'string', 'minLength': 1}, 'disruptive': {'type': 'boolean'}, 'reboot': {'type': 'boolean'}, 'vendor': {'type': 'string'}, 'arch': {'type': 'string'}, 'path': {'type': 'string', 'pattern': '^/'}, 'domain': {'type': 'string', 'minLength': 1}, 'line': {'type': 'integer', 'minimum': 1}, 'replaces': {'type': 'string'}, 'option': {'type': 'string', 'minLength': 1}, 'command': {'type': 'string', 'minLength': 1}, 'check': {'type': 'string', 'minLength': 1}}}, rule='required')
                        data__remediation_item_keys = set(data__remediation_item.keys())
                        if "kind" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("kind")
                            data__remediation_item__kind = data__remediation_item["kind"]
                            if not (isinstance(data__remediation_item__kind, str) and data__remediation_item__kind == 'hint' or isinstance(data__remediation_item__kind, str) and data__remediation_item__kind == 'command' or isinstance(data__remediation_item__kind, str) and data__remediation_item__kind == 'edit'):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].kind".format(**locals()) + " must be one of ['hint', 'command', 'edit']", value=data__remediation_item__kind, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].kind".format(**locals()) + "", definition={'enum': ['hint', 'command', 'edit']}, rule='enum')
                        if "text" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("text")
                            data__remediation_item__text = data__remediation_item["text"]
                            if not isinstance(data__remediation_item__text, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].text".format(**locals()) + " must be string", value=data__remediation_item__text, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].text".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__remediation_item__text, str):
                                data__remediation_item__text_len = len(data__remediation_item__text)
                                if data__remediation_item__text_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].text".format(**locals()) + " must be longer than or equal to 1 characters", value=data__remediation_item__text, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].text".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                        if "disruptive" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("disruptive")
                            data__remediation_item__disruptive = data__remediation_item["disruptive"]
                            if not isinstance(data__remediation_item__disruptive, (bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].disruptive".format(**locals()) + " must be boolean", value=data__remediation_item__disruptive, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].disruptive".format(**locals()) + "", definition={'type': 'boolean'}, rule='type')
                        if "reboot" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("reboot")
                            data__remediation_item__reboot = data__remediation_item["reboot"]
                            if not isinstance(data__remediation_item__reboot, (bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].reboot".format(**locals()) + " must be boolean", value=data__remediation_item__reboot, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].reboot".format(**locals()) + "", definition={'type': 'boolean'}, rule='type')
                        if "vendor" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("vendor")
                            data__remediation_item__vendor = data__remediation_item["vendor"]
                            if not isinstance(data__remediation_item__vendor, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].vendor".format(**locals()) + " must be string", value=data__remediation_item__vendor, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].vendor".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "arch" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("arch")
                            data__remediation_item__arch = data__remediation_item["arch"]
                            if not isinstance(data__remediation_item__arch, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].arch".format(**locals()) + " must be string", value=data__remediation_item__arch, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].arch".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "path" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("path")
                            data__remediation_item__path = data__remediation_item["path"]
                            if not isinstance(data__remediation_item__path, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].path".format(**locals()) + " must be string", value=data__remediation_item__path, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].path".format(**locals()) + "", definition={'type': 'string', 'pattern': '^/'}, rule='type')
                            if isinstance(data__remediation_item__path, str):
                                if not REGEX_PATTERNS['^/'].search(data__remediation_item__path):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].path".format(**locals()) + " must match pattern ^/", value=data__remediation_item__path, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].path".format(**locals()) + "", definition={'type': 'string', 'pattern': '^/'}, rule='pattern')
                        if "domain" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("domain")
                            data__remediation_item__domain = data__remediation_item["domain"]
                            if not isinstance(data__remediation_item__domain, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].domain".format(**locals()) + " must be string", value=data__remediation_item__domain, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].domain".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__remediation_item__domain, str):
                                data__remediation_item__domain_len = len(data__remediation_item__domain)
                                if data__remediation_item__domain_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].domain".format(**locals()) + " must be longer than or equal to 1 characters", value=data__remediation_item__domain, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].domain".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                        if "line" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("line")
                            data__remediation_item__line = data__remediation_item["line"]
                            if not isinstance(data__remediation_item__line, (int)) and not (isinstance(data__remediation_item__line, float) and data__remediation_item__line.is_integer()) or isinstance(data__remediation_item__line, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].line".format(**locals()) + " must be integer", value=data__remediation_item__line, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].line".format(**locals()) + "", definition={'type': 'integer', 'minimum': 1}, rule='type')
                            if isinstance(data__remediation_item__line, (int, float, Decimal)) and not isinstance(data__remediation_item__line, bool):
                                if data__remediation_item__line < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].line".format(**locals()) + " must be bigger than or equal to 1", value=data__remediation_item__line, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].line".format(**locals()) + "", definition={'type': 'integer', 'minimum': 1}, rule='minimum')
                        if "replaces" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("replaces")
                            data__remediation_item__replaces = data__remediation_item["replaces"]
                            if not isinstance(data__remediation_item__replaces, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].replaces".format(**locals()) + " must be string", value=data__remediation_item__replaces, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].replaces".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "option" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("option")
                            data__remediation_item__option = data__remediation_item["option"]
                            if not isinstance(data__remediation_item__option, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].option".format(**locals()) + " must be string", value=data__remediation_item__option, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].option".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__remediation_item__option, str):
                                data__remediation_item__option_len = len(data__remediation_item__option)
                                if data__remediation_item__option_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].option".format(**locals()) + " must be longer than or equal to 1 characters", value=data__remediation_item__option, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].option".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                        if "command" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("command")
                            data__remediation_item__command = data__remediation_item["command"]
                            if not isinstance(data__remediation_item__command, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].command".format(**locals()) + " must be string", value=data__remediation_item__command, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].command".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__remediation_item__command, str):
                                data__remediation_item__command_len = len(data__remediation_item__command)
                                if data__remediation_item__command_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].command".format(**locals()) + " must be longer than or equal to 1 characters", value=data__remediation_item__command, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].command".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                        if "check" in data__remediation_item_keys:
                            data__remediation_item_keys.remove("check")
                            data__remediation_item__check = data__remediation_item["check"]
                            if not isinstance(data__remediation_item__check, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].check".format(**locals()) + " must be string", value=data__remediation_item__check, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].check".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__remediation_item__check, str):
                                data__remediation_item__check_len = len(data__remediation_item__check)
                                if data__remediation_item__check_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".remediation[{data__remediation_x}].check".format(**locals()) + " must be longer than or equal to 1 characters", value=data__remediation_item__check, name="" + (name_prefix or "data") + ".remediation[{data__remediation_x}].check".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "waiver" in data_keys:
            data_keys.remove("waiver")
            data__waiver = data["waiver"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_waiver_note(data__waiver, custom_formats, (name_prefix or "data") + ".waiver")
            data__waiver_is_dict = isinstance(data__waiver, dict)
            if data__waiver_is_dict:
                data__waiver__missing_keys = set(['original_outcome']) - data__waiver.keys()
                if data__waiver__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".waiver must contain " + (str(sorted(data__waiver__missing_keys)) + " properties"), value=data__waiver, name="" + (name_prefix or "data") + ".waiver", definition={'allOf': [{'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'$ref': 'https://nestaudit.invalid/schemas/report-1.json#/$defs/date'}, 'ticket': {'type': ['string', 'null']}}}], 'required': ['original_outcome'], 'properties': {'original_outcome': {'enum': ['fail', 'unknown']}}}, rule='required')
                data__waiver_keys = set(data__waiver.keys())
                if "original_outcome" in data__waiver_keys:
                    data__waiver_keys.remove("original_outcome")
                    data__waiver__originaloutcome = data__waiver["original_outcome"]
                    if not (isinstance(data__waiver__originaloutcome, str) and data__waiver__originaloutcome == 'fail' or isinstance(data__waiver__originaloutcome, str) and data__waiver__originaloutcome == 'unknown'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".waiver.original_outcome must be one of ['fail', 'unknown']", value=data__waiver__originaloutcome, name="" + (name_prefix or "data") + ".waiver.original_outcome", definition={'enum': ['fail', 'unknown']}, rule='enum')
        if "expired_waiver" in data_keys:
            data_keys.remove("expired_waiver")
            data__expiredwaiver = data["expired_waiver"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_waiver_note(data__expiredwaiver, custom_formats, (name_prefix or "data") + ".expired_waiver")
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['waiver']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['waiver']}, rule='required')
    except (JsonSchemaValueException, JsonSchemaValuesException):
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "outcome" in data_keys:
                data_keys.remove("outcome")
                data__outcome = data["outcome"]
                try:
                    if not (isinstance(data__outcome, str) and data__outcome == 'waived'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".outcome must be same as const definition: waived", value=data__outcome, name="" + (name_prefix or "data") + ".outcome", definition={'const': 'waived'}, rule='const')
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
                else:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".outcome must NOT match a disallowed definition", value=data__outcome, name="" + (name_prefix or "data") + ".outcome", definition={'not': {'const': 'waived'}}, rule='not')
    else:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "outcome" in data_keys:
                data_keys.remove("outcome")
                data__outcome = data["outcome"]
                if not (isinstance(data__outcome, str) and data__outcome == 'waived'):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".outcome must be same as const definition: waived", value=data__outcome, name="" + (name_prefix or "data") + ".outcome", definition={'const': 'waived'}, rule='const')
    return data

def validate_https___nestaudit_invalid_schemas_report_1_json___defs_waiver_note(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'ticket': {'type': ['string', 'null']}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['reason', 'owner', 'expires', 'ticket']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'description': 'A waiver a finding matched: applied (`waiver`, the finding is waived) or past its date (`expired_waiver`, the finding keeps its outcome).', 'type': 'object', 'required': ['reason', 'owner', 'expires', 'ticket'], 'properties': {'reason': {'type': 'string', 'minLength': 1}, 'owner': {'type': ['string', 'null']}, 'expires': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'ticket': {'type': ['string', 'null']}}}, rule='required')
        data_keys = set(data.keys())
        if "reason" in data_keys:
            data_keys.remove("reason")
            data__reason = data["reason"]
            if not isinstance(data__reason, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be string", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'type': 'string', 'minLength': 1}, rule='type')
            if isinstance(data__reason, str):
                data__reason_len = len(data__reason)
                if data__reason_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be longer than or equal to 1 characters", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "owner" in data_keys:
            data_keys.remove("owner")
            data__owner = data["owner"]
            if not isinstance(data__owner, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".owner must be string or null", value=data__owner, name="" + (name_prefix or "data") + ".owner", definition={'type': ['string', 'null']}, rule='type')
        if "expires" in data_keys:
            data_keys.remove("expires")
            data__expires = data["expires"]
            validate_https___nestaudit_invalid_schemas_report_1_json___defs_date(data__expires, custom_formats, (name_prefix or "data") + ".expires")
        if "ticket" in data_keys:
            data_keys.remove("ticket")
            data__ticket = data["ticket"]
            if not isinstance(data__ticket, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ticket must be string or null", value=data__ticket, name="" + (name_prefix or "data") + ".ticket", definition={'type': ['string', 'null']}, rule='type')
    return data