import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { AgendaDto } from './agenda.dto';
import { AgendaService } from './agenda.service';

@ApiTags('agenda')
@Controller()
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get('me/agenda')
  @Authenticated()
  @ApiOperation({
    summary:
      'Việc cần xử lý / What waits for my action: to explain, acknowledge, accept, decide, handle, report on, follow up — counted, overdue first',
  })
  @ApiOkResponse({ type: AgendaDto })
  of(@CurrentActor() actor: Actor): Promise<AgendaDto> {
    return this.agenda.of(actor);
  }
}
